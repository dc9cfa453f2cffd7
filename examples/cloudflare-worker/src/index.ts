// A Worker: GET /admins lists the workspace's admins and the IntercomError a bad token gets.
// The token is a secret: `wrangler secret put INTERCOM_ACCESS_TOKEN` (or .dev.vars locally).
// `intercom-edge/client` is the token-only subpath: IntercomClient and IntercomError with a
// wasm of their own, about half of the whole package's.
import { IntercomClient, IntercomError } from "intercom-edge/client";

type Env = { INTERCOM_ACCESS_TOKEN: string; INTERCOM_BASE_URL?: string };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname !== "/admins") return new Response("try /admins", { status: 404 });
    const { admins } = await IntercomClient.fromEnv(env).listAdmins();
    let error;
    try {
      await IntercomClient.fromEnv(env, { token: "not-a-real-token" }).listAdmins();
    } catch (err) {
      if (!(err instanceof IntercomError)) throw err;
      error = { code: err.code, status: err.status, hint: err.hint };
    }
    return Response.json({ admins: admins.map((a) => a.name), error });
  },
};
