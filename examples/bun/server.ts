// A Bun server: GET /admins lists the workspace's admins and the IntercomError a bad token gets.
import { IntercomClient, IntercomError } from "intercom-edge";

const intercom = IntercomClient.fromEnv();

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT ?? 3000),
  async fetch(req) {
    if (new URL(req.url).pathname !== "/admins") return new Response("try /admins", { status: 404 });
    const { admins } = await intercom.listAdmins();
    let error;
    try {
      await IntercomClient.fromEnv(process.env, { token: "not-a-real-token" }).listAdmins();
    } catch (err) {
      if (!(err instanceof IntercomError)) throw err;
      error = { code: err.code, status: err.status, hint: err.hint };
    }
    return Response.json({ admins: admins.map((a) => a.name), error });
  },
});
console.log(`listening on ${server.url}`);
