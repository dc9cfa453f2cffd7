// Entry for workerd (`workerd test`): results go out through the log.
import * as pkg from "intercom-edge";
import * as client from "intercom-edge/client";
import * as oauth from "intercom-edge/oauth";
import * as webhooks from "intercom-edge/webhooks";
import * as connections from "intercom-edge/connections";
import config from "./config.mjs";
import { run } from "./scenario.mjs";

export default {
  async test() {
    console.log("@@RESULTS " + JSON.stringify(await run(pkg, config, "workerd", { client, oauth, webhooks, connections })));
  },
};
