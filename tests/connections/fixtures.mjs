// The suite's keys and tokens, shared with the runner, which searches every store's dump for them.
export const KEYS = {
  k1: "k1-store-suite-0123456789abcdef0123456789",
  k2: "k2-store-suite-0123456789abcdef0123456789",
};
/** The tokens the suite stores; none may be found in a dump of the store afterwards. */
export const tokenOf = (ws, n) => `dG9rOnN0b3JlLXN1aXRl-${ws}-install-${n}`;
export const WORKSPACES = 20;
export const INSTALLS = 5;
