// What every route here answers: the workspace's admins, and the IntercomError a wrong token gets.
// INTERCOM_ACCESS_TOKEN (and INTERCOM_BASE_URL for a mock) come from the environment (.env.local).
import { IntercomClient, IntercomError } from "intercom-edge";

export async function adminsAndAnError() {
  const { admins } = await IntercomClient.fromEnv(process.env).listAdmins();
  let error;
  try {
    await IntercomClient.fromEnv(process.env, { token: "not-a-real-token" }).listAdmins();
  } catch (err) {
    if (!(err instanceof IntercomError)) throw err;
    error = { code: err.code, status: err.status, hint: err.hint };
  }
  return { admins: admins.map((a) => a.name), error };
}
