// Lists the workspace's admins, then shows the IntercomError a bad token gets.
// INTERCOM_ACCESS_TOKEN (and INTERCOM_BASE_URL to aim at a mock) come from the environment.
import { IntercomClient, IntercomError } from "intercom-edge";

const intercom = IntercomClient.fromEnv();
const { admins } = await intercom.listAdmins();

let error;
try {
  await IntercomClient.fromEnv(process.env, { token: "not-a-real-token" }).listAdmins();
} catch (err) {
  if (!(err instanceof IntercomError)) throw err;
  error = { code: err.code, status: err.status, hint: err.hint };
}

console.log(JSON.stringify({ admins: admins.map((a) => a.name), error }));
