// A Deno server: GET /admins lists the workspace's admins and the IntercomError a bad token gets.
import { IntercomClient, IntercomError } from "intercom-edge";

const env = { INTERCOM_ACCESS_TOKEN: Deno.env.get("INTERCOM_ACCESS_TOKEN"), INTERCOM_BASE_URL: Deno.env.get("INTERCOM_BASE_URL") };
const intercom = IntercomClient.fromEnv(env);

async function admins(): Promise<Response> {
  const { admins } = await intercom.listAdmins();
  let error;
  try {
    await IntercomClient.fromEnv(env, { token: "not-a-real-token" }).listAdmins();
  } catch (err) {
    if (!(err instanceof IntercomError)) throw err;
    error = { code: err.code, status: err.status, hint: err.hint };
  }
  return Response.json({ admins: admins.map((a) => a.name), error });
}

const port = Number(Deno.env.get("PORT") ?? 8000);
Deno.serve({ hostname: "127.0.0.1", port, onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`) }, (req) =>
  new URL(req.url).pathname === "/admins" ? admins() : new Response("try /admins", { status: 404 }));
