// Typed use of the public API, checked with `tsc --strict` against the installed package.
// Each @ts-expect-error proves a type is precise: if the type were `any`, tsc would fail.
import {
  authorizeUrl,
  createState,
  exchangeCode,
  parseCallback,
  stateCookie,
  verifyState,
  verifyWebhook,
  messengerJwt,
  verifyMessengerJwt,
  userHash,
  verifyCanvasRequest,
  decryptSheetUser,
  receiveWebhook,
  sealToken,
  openToken,
  appStoreRedirect,
  type IntercomAction,
  type VerifiedMessengerJwt,
  type WebhookEvent,
  type OAuthCallback,
  type OAuthToken,
  init,
  IntercomClient,
  IntercomError,
  type Admin,
  type AdminList,
  type AdminWithApp,
  type CallOptions,
  type ConnectionResult,
  type IntercomErrorCode,
  type RateLimit,
} from "intercom-edge";

export async function typed(env: Record<string, string | undefined>): Promise<void> {
  await init();
  const client = new IntercomClient({ token: "t", region: "eu", version: "2.16", timeoutMs: 5000, maxRetries: 1 });
  const auto = new IntercomClient({ token: "t", region: "auto", headers: { "X-Trace": "1" } });
  // @ts-expect-error region is a closed set
  new IntercomClient({ token: "t", region: "mars" });
  // @ts-expect-error token is required
  new IntercomClient({ baseUrl: "http://127.0.0.1:4010" });
  // @ts-expect-error version is "N.N", "Preview" or "Unstable"
  new IntercomClient({ token: "t", version: "latest" });
  new IntercomClient({ token: "t", baseUrl: "https://10.0.0.5", allowPrivateHosts: true, maxResponseBytes: 2 ** 20 });
  // @ts-expect-error maxResponseBytes is a number
  new IntercomClient({ token: "t", maxResponseBytes: "1MB" });

  const call: CallOptions = { signal: new AbortController().signal, timeoutMs: 1000 };
  const list: AdminList = await client.listAdmins(call);
  const first: Admin | undefined = list.admins[0];
  const id: string | undefined = first?.id;
  const avatar: string | { image_url?: string | null } | null | undefined = first?.avatar;
  const teams: Array<number | string> | undefined = first?.team_ids;
  // @ts-expect-error admins are objects, not strings
  const wrong: string = list.admins[0];

  const me: AdminWithApp = await auto.me();
  const region: string | undefined = me.app?.region ?? undefined;
  const one: Admin = await client.getAdmin(id ?? 1);
  const detected: "us" | "eu" | "au" = await client.detectRegion();
  const anything: unknown = await client.request({ method: "POST", path: "/contacts", body: { role: "user" }, retry: false });
  // @ts-expect-error unsupported method
  await client.request({ method: "TRACE", path: "/admins" });

  const rl: RateLimit | null = client.lastRateLimit;
  const resetAt: number | null | undefined = rl?.resetAt;

  const check: ConnectionResult = await client.verifyConnection();
  if (check.ok) {
    const name: string | null = check.workspace.name;
    const where: "us" | "eu" | "au" = check.workspace.region;
    const ms: number = check.latencyMs;
    void [name, where, ms];
  } else {
    const code: IntercomErrorCode = check.error.code;
    void code;
  }

  try {
    IntercomClient.fromEnv(env, { version: "2.14" });
  } catch (err) {
    if (err instanceof IntercomError) {
      const status: number | null = err.status;
      const requestId: string | null = err.requestId;
      const hint: string = err.hint;
      const retryable: boolean = err.retryable;
      const firstCode: string | undefined = err.errors[0]?.code;
      const limit: number | null | undefined = err.rateLimit?.limit;
      void [status, requestId, hint, retryable, firstCode, limit];
    }
  }
  void [list, avatar, teams, wrong, region, one, detected, anything, resetAt];
}

export async function oauth(request: Request, secret: string): Promise<string> {
  const state: string = await createState({ secret, ttlSeconds: 300, nonce: "abcdefgh" });
  const cookie: string = stateCookie("abcdefgh", { secure: false });
  const url: string = authorizeUrl({ clientId: "c", state, region: "eu" });
  // @ts-expect-error region is a closed set here too
  authorizeUrl({ clientId: "c", state, region: "mars" });
  authorizeUrl({ clientId: "c", state, baseUrl: "https://consent.test", allowCustomConsentHost: true });
  const { issuedAt }: { issuedAt: number } = await verifyState(state, { secret });
  const cb: OAuthCallback = await parseCallback(request, { secret });
  const token: OAuthToken = await exchangeCode({ code: cb.code, clientId: "c", clientSecret: "s" });
  // @ts-expect-error the token is read-only
  token.token = "x";
  const ok: boolean = await verifyWebhook({ body: new Uint8Array(), signature: request.headers.get("x-hub-signature"), clientSecret: "s" });
  void [cookie, url, issuedAt, ok];
  return token.token;
}

export async function toolkit(request: Request, secret: string): Promise<string> {
  const jwt: string = await messengerJwt({ secret, userId: 42, email: "a@b.c", expiresInSeconds: 3600, claims: { plan: "pro" } });
  // @ts-expect-error userId is required
  await messengerJwt({ secret, email: "a@b.c" });
  const v: VerifiedMessengerJwt = await verifyMessengerJwt(jwt, { secret, leewaySeconds: 30 });
  const hash: string = await userHash({ secret, email: "a@b.c" });
  const ok: boolean = await verifyCanvasRequest({ body: await request.text(), signature: request.headers.get("x-body-signature"), clientSecret: secret });
  const user: Record<string, unknown> = await decryptSheetUser({ intercomData: "{}", clientSecret: secret });
  // @ts-expect-error intercomData or user, not both
  await decryptSheetUser({ intercomData: "{}", user: "x", clientSecret: secret });
  const event: WebhookEvent = await receiveWebhook(request, { clientSecret: { app1: [secret, "old"] } });
  if (event.kind !== "check") {
    const topic: string = event.topic;
    const id: string | null = event.id;
    void [topic, id];
  }
  const sealed: string = await sealToken("token", { key: secret, keyId: "k1" });
  const opened: string = await openToken(sealed, { keys: { k1: secret } });
  const back: string = appStoreRedirect({ ok: false, message: "no seat" });
  // @ts-expect-error ok is required
  appStoreRedirect({ message: "x" });
  try {
    await openToken(sealed, { keys: secret });
  } catch (err) {
    if (err instanceof IntercomError) {
      const action: IntercomAction = err.action;
      // @ts-expect-error action is a closed set
      const wrong: "refresh" = err.action;
      void [action, wrong];
    }
  }
  const conn = await new IntercomClient({ token: opened }).verifyConnection();
  if (!conn.ok) {
    const todo: IntercomAction = conn.action;
    void todo;
  }
  void [v, hash, ok, user, back];
  return opened;
}

// Connections (intercom-edge/connections, and the root): records without tokens, typed stores.
import * as connectionsEntry from "intercom-edge/connections";
import { Connections, memoryStore, type Connection, type ConnectionStore } from "intercom-edge";
export async function connectionsUsage(kv: Parameters<typeof connectionsEntry.kvStore>[0]): Promise<void> {
  const connections = new connectionsEntry.Connections({ store: connectionsEntry.kvStore(kv), keys: { k2: "x".repeat(32), k1: "y".repeat(32) } });
  const saved: Connection = await connections.save({ token: "t", me: await new connectionsEntry.IntercomClient({ token: "t" }).me() });
  const region: "us" | "eu" | "au" = saved.region;
  const status: "connected" | "reconnect_needed" = saved.status;
  // @ts-expect-error a record never carries the token
  saved.token;
  const client = await connections.client(saved.workspaceId, { timeoutMs: 5000 });
  await client.listAdmins();
  for await (const c of connections.list()) void c.installedAt;
  const { removed }: { removed: string | null } = await connections.receive({ appId: saved.workspaceId });
  const store: ConnectionStore = memoryStore();
  void new Connections({ store, keys: { k1: "z".repeat(32) } });
  // @ts-expect-error keys are { keyId: secret }
  void new Connections({ store, keys: "one-key" });
  void region, status, removed;
}
