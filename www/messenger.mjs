// Messenger identity: the worker signs who the signed-in user is; the page passes the result to
// the Messenger untouched. The secret (Settings > Messenger > Security) never leaves the worker.
import { messengerJwt, userHash, verifyMessengerJwt } from "intercom-edge";

// A real app takes the user from its own session; the demo has one sample user.
const SAMPLE_USER = { userId: "user-1042", email: "sam.sample@example.com", claims: { name: "Sam Sample", plan: "pro" } };

export async function messenger(env, connection) {
  if (!env.MESSENGER_SECRET) {
    return { ok: false, error: { code: "not_configured", message: "Set MESSENGER_SECRET to sign Messenger identities.", hint: null, action: "fix_request" } };
  }
  const jwt = await messengerJwt({ secret: env.MESSENGER_SECRET, ...SAMPLE_USER, expiresInSeconds: 3600 });
  // What Intercom does on its side with the same secret: check the MAC and the expiry.
  const verified = await verifyMessengerJwt(jwt, { secret: env.MESSENGER_SECRET });
  return {
    ok: true,
    jwt,
    verified,
    userHash: await userHash({ secret: env.MESSENGER_SECRET, userId: SAMPLE_USER.userId }),
    appId: connection?.appId ?? null,
  };
}
