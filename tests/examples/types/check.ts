// Typed use of the package, compiled with `tsc --strict` (no skipLibCheck) under each module
// setting and lib by tests/examples/run.mjs. Uses nothing that differs between ESM and CJS.
import { init, IntercomClient, IntercomError, type Admin, type IntercomErrorCode } from "intercom-edge";

export async function adminNames(token: string, signal?: AbortSignal): Promise<string[]> {
  await init();
  const intercom = new IntercomClient({ token, region: "eu", timeoutMs: 5000 });
  try {
    const { admins } = await intercom.listAdmins({ signal });
    return admins.map((admin: Admin) => String(admin.name));
  } catch (err) {
    if (err instanceof IntercomError) {
      const code: IntercomErrorCode = err.code;
      const status: number | null = err.status;
      return [code, String(status), err.hint];
    }
    throw err;
  }
}

export function refused(): void {
  // @ts-expect-error region is a closed set
  new IntercomClient({ token: "t", region: "mars" });
}

// The subpaths (intercom-edge/client, /oauth, /webhooks): their own declarations, the one IntercomError.
import * as tokenOnly from "intercom-edge/client";
import { authorizeUrl, createState, type OAuthToken } from "intercom-edge/oauth";
import { receiveWebhook, type WebhookEvent } from "intercom-edge/webhooks";

export async function install(secret: string, clientId: string, token: OAuthToken): Promise<string> {
  const state: string = await createState({ secret, nonce: "nonce-from-the-cookie" });
  // @ts-expect-error tokenType is "Bearer" only
  const other: OAuthToken["tokenType"] = "Basic";
  return `${authorizeUrl({ clientId, state, region: "eu" })} ${token.tokenType} ${other}`;
}

export async function subpaths(token: string, request: Request, clientSecret: string): Promise<string> {
  const { admins } = await new tokenOnly.IntercomClient({ token }).listAdmins();
  try {
    const event: WebhookEvent = await receiveWebhook(request, { clientSecret });
    return `${admins.length} ${event.kind}`;
  } catch (err) {
    if (err instanceof IntercomError && err instanceof tokenOnly.IntercomError) return err.code;
    throw err;
  }
}

// The typed calls and paginate, under every module setting (their spec types are global
// declarations the ESM and CJS declarations share).
export async function typedCalls(token: string, id: string): Promise<number> {
  const intercom = new IntercomClient({ token, version: "2.16" });
  const contact = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } });
  let n = contact.email ? 1 : 0;
  for await (const c of new tokenOnly.IntercomClient({ token }).paginate("/contacts", { pageSize: 50 })) n += c.id ? 1 : 0;
  // @ts-expect-error a misnamed path parameter
  await intercom.GET("/contacts/{contact_id}", { params: { path: { id } } });
  return n;
}
