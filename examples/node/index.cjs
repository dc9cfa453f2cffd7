// The same as index.mjs, for a CommonJS project: require() works without require(esm).
const { IntercomClient, IntercomError } = require("intercom-edge");

async function main() {
  const { admins } = await IntercomClient.fromEnv().listAdmins();
  let error;
  try {
    await IntercomClient.fromEnv(process.env, { token: "not-a-real-token" }).listAdmins();
  } catch (err) {
    if (!(err instanceof IntercomError)) throw err;
    error = { code: err.code, status: err.status, hint: err.hint };
  }
  console.log(JSON.stringify({ admins: admins.map((a) => a.name), error }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
