//! Every installed workspace's token, sealed, on a store of the app's own: the Rust
//! counterpart of the npm package's `Connections` (same records, so a store may be shared by
//! a Rust and a JS worker). The rules are `protocol::connection`'s; a [`Store`] does I/O only.
//!
//! ```no_run
//! # async fn run(token: String) -> Result<(), intercom_edge::Error> {
//! use intercom_edge::connections::{Connections, MemoryStore};
//! use intercom_edge::{Client, ClientOptions, RegionChoice};
//!
//! let connections = Connections::new(MemoryStore::default(), vec![
//!     ("k2".into(), "a-newer-32-character-or-longer-key".into()),
//!     ("k1".into(), "an-older-32-character-or-longer-key".into()),
//! ])?;
//! // After the OAuth callback:
//! let me = Client::new(ClientOptions { token: token.clone(), region: RegionChoice::Auto, ..Default::default() })?.me().await?;
//! let saved = connections.save(&token, &me).await?;
//! // Later, for a request or a webhook's app_id:
//! let intercom = connections.client(&saved.workspace_id, ClientOptions::default()).await?;
//! if let Err(e) = intercom.list_admins().await {
//!     connections.note_error(&saved.workspace_id, &e).await?; // reconnect_needed if the token is gone
//! }
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::protocol::client_config::ClientOptions;
use crate::protocol::connection::{self as rules, iso8601, Record};
use crate::protocol::error::Error;
use crate::protocol::model::AdminWithApp;
use crate::protocol::region::RegionChoice;
use crate::protocol::seal::Keys;
use crate::toolkit::seal::{open_token, seal_token};
use std::cell::RefCell;
use std::collections::BTreeMap;

pub use crate::protocol::connection::{Connection, Status};

/// One page of [`Store::list`]: keys starting with the prefix, and where the next page starts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Keys of this page (they may repeat across pages).
    pub keys: Vec<String>,
    /// The next page's cursor; `None` at the end.
    pub cursor: Option<String>,
}

/// Where records are kept: four methods over any engine (KV, D1, Redis, Postgres, …). Values
/// are the records' JSON text. Futures need not be `Send` (wasm workers are single-threaded).
#[allow(async_fn_in_trait)]
pub trait Store {
    /// The value under `key`, or `None`.
    async fn get(&self, key: &str) -> Result<Option<String>, Error>;
    /// Writes `value` under `key`, replacing any.
    async fn put(&self, key: &str, value: &str) -> Result<(), Error>;
    /// Removes `key` (no error if absent).
    async fn delete(&self, key: &str) -> Result<(), Error>;
    /// One page of the keys that start with `prefix`, from `cursor` (`None`: the first page).
    async fn list(&self, prefix: &str, cursor: Option<&str>) -> Result<Page, Error>;
}

/// A store shared by reference: two `Connections` (say, before and after a key rotation) over one store.
impl<S: Store + ?Sized> Store for &S {
    async fn get(&self, key: &str) -> Result<Option<String>, Error> {
        (**self).get(key).await
    }
    async fn put(&self, key: &str, value: &str) -> Result<(), Error> {
        (**self).put(key, value).await
    }
    async fn delete(&self, key: &str) -> Result<(), Error> {
        (**self).delete(key).await
    }
    async fn list(&self, prefix: &str, cursor: Option<&str>) -> Result<Page, Error> {
        (**self).list(prefix, cursor).await
    }
}

/// A store in memory, for tests and single-process apps.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: RefCell<BTreeMap<String, String>>,
}

impl MemoryStore {
    /// Every key and value, for a test's look at what was stored.
    pub fn dump(&self) -> BTreeMap<String, String> {
        self.map.borrow().clone()
    }
}

const MEMORY_PAGE: usize = 100;

/// The time now, as the records write it. On wasm the host's clock; natively (tests, tools) the system's.
fn timestamp() -> String {
    #[cfg(target_arch = "wasm32")]
    let ms = crate::rim::bindings::now_ms();
    #[cfg(not(target_arch = "wasm32"))]
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0);
    iso8601(ms)
}

impl Store for MemoryStore {
    async fn get(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self.map.borrow().get(key).cloned())
    }
    async fn put(&self, key: &str, value: &str) -> Result<(), Error> {
        self.map
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<(), Error> {
        self.map.borrow_mut().remove(key);
        Ok(())
    }
    async fn list(&self, prefix: &str, cursor: Option<&str>) -> Result<Page, Error> {
        let map = self.map.borrow();
        let mut keys: Vec<String> = map
            .keys()
            .filter(|k| k.starts_with(prefix) && cursor.is_none_or(|c| k.as_str() > c))
            .take(MEMORY_PAGE + 1)
            .cloned()
            .collect();
        let more = keys.len() > MEMORY_PAGE;
        keys.truncate(MEMORY_PAGE);
        let cursor = if more { keys.last().cloned() } else { None };
        Ok(Page { keys, cursor })
    }
}

/// The installed workspaces of one app, on `S`. See the module docs.
pub struct Connections<S: Store> {
    store: S,
    keys: Vec<(String, String)>,
    prefix: String,
}

impl<S: Store> Connections<S> {
    /// `keys`: `(keyId, secret)`, newest first (each secret ≥ 32 characters). New tokens are
    /// sealed with the first; older ones still open and are sealed again when next used.
    pub fn new(store: S, keys: Vec<(String, String)>) -> Result<Connections<S>, Error> {
        if keys.is_empty() {
            return Err(Error::invalid_argument("keys: no key given"));
        }
        for (id, key) in &keys {
            crate::protocol::seal::check_key_id(id)?;
            crate::protocol::seal::check_key("keys", key)?;
        }
        Ok(Connections {
            store,
            keys,
            prefix: rules::PREFIX.to_owned(),
        })
    }

    /// The store, for a test's look at what was stored.
    pub fn store(&self) -> &S {
        &self.store
    }

    fn newest(&self) -> (&str, &str) {
        self.keys
            .first()
            .map(|(i, k)| (i.as_str(), k.as_str()))
            .unwrap_or(("", ""))
    }

    async fn read(&self, workspace_id: &str) -> Result<Option<Record>, Error> {
        let key = rules::key(&self.prefix, workspace_id)?;
        match self.store.get(&key).await? {
            Some(text) => Record::from_json(&text, &key).map(Some),
            None => Ok(None),
        }
    }

    async fn write(&self, r: &Record) -> Result<(), Error> {
        let key = rules::key(&self.prefix, &r.connection.workspace_id)?;
        self.store.put(&key, &r.to_json()).await
    }

    /// Writes `change(record)` unless the stored token changed meanwhile (a re-install wins).
    async fn update(
        &self,
        workspace_id: &str,
        sealed: &str,
        change: impl FnOnce(Record) -> Record,
    ) -> Result<(), Error> {
        if let Some(now) = self.read(workspace_id).await? {
            if now.sealed == sealed {
                self.write(&change(now)).await?;
            }
        }
        Ok(())
    }

    async fn seal(&self, token: &str) -> Result<String, Error> {
        let (id, key) = self.newest();
        seal_token(token, key, Some(id)).await
    }

    async fn open(&self, sealed: &str) -> Result<String, Error> {
        open_token(sealed, &Keys::ById(self.keys.clone())).await
    }

    /// After the install callback: seals `token` and stores the workspace `me` names; a
    /// re-install replaces the token and keeps the first install time.
    pub async fn save(&self, token: &str, me: &AdminWithApp) -> Result<Connection, Error> {
        let sealed = self.seal(token).await?;
        let id = me.app.as_ref().and_then(|a| a.id_code.as_deref());
        let before = match id {
            Some(id) => self.read(id).await.ok().flatten(),
            None => None,
        };
        let r = Record::from_install(me, sealed, &timestamp(), before.as_ref())?;
        self.write(&r).await?;
        Ok(r.connection)
    }

    /// The workspace's record, or `None`.
    pub async fn get(&self, workspace_id: &str) -> Result<Option<Connection>, Error> {
        Ok(self.read(workspace_id).await?.map(|r| r.connection))
    }

    /// A client on the workspace's region with its token (`options.token` and `region` are
    /// set from the record). Not connected: `not_connected`, nothing sent.
    pub async fn client(
        &self,
        workspace_id: &str,
        options: ClientOptions,
    ) -> Result<Client, Error> {
        let r = self
            .read(workspace_id)
            .await?
            .ok_or_else(|| rules::not_connected(workspace_id))?;
        let token = self.open(&r.sealed).await?;
        if rules::needs_reseal(&r.sealed, self.newest().0) {
            let sealed = self.seal(&token).await?;
            self.update(workspace_id, &r.sealed, |now| Record { sealed, ..now })
                .await?;
        }
        Client::new(ClientOptions {
            token,
            region: RegionChoice::from(r.connection.region),
            ..options
        })
    }

    /// After `error` from a call of that workspace's client: marks it `reconnect_needed` when
    /// the error says to reconnect (the JS client does this by itself).
    pub async fn note_error(&self, workspace_id: &str, error: &Error) -> Result<(), Error> {
        if let Some(r) = self.read(workspace_id).await? {
            if let Some(marked) = r.after_error(error, &timestamp()) {
                self.update(workspace_id, &r.sealed, |_| marked).await?;
            }
        }
        Ok(())
    }

    /// Every connected workspace, paged from the store.
    pub async fn list(&self) -> Result<Vec<Connection>, Error> {
        let mut out: Vec<Connection> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self.store.list(&self.prefix, cursor.as_deref()).await?;
            for key in page.keys {
                let Some(id) = key.strip_prefix(self.prefix.as_str()) else {
                    continue;
                };
                if out.iter().any(|c| c.workspace_id == id) {
                    continue;
                }
                if let Some(r) = self.read(id).await? {
                    out.push(r.connection);
                }
            }
            match page.cursor {
                Some(c) => cursor = Some(c),
                None => return Ok(out),
            }
        }
    }

    /// Forgets the workspace and its token.
    pub async fn remove(&self, workspace_id: &str) -> Result<(), Error> {
        self.store
            .delete(&rules::key(&self.prefix, workspace_id)?)
            .await
    }

    /// The uninstall notice (`{ "app_id" }`, see `parse_uninstall_notice`): removes that workspace.
    pub async fn receive_uninstall(&self, app_id: &str) -> Result<(), Error> {
        self.remove(app_id).await
    }

    /// Seals every token with the newest key; returns (total, re-sealed).
    pub async fn rotate(&self) -> Result<(usize, usize), Error> {
        let all = self.list().await?;
        let mut resealed = 0;
        for c in &all {
            let Some(r) = self.read(&c.workspace_id).await? else {
                continue;
            };
            if !rules::needs_reseal(&r.sealed, self.newest().0) {
                continue;
            }
            let sealed = self.seal(&self.open(&r.sealed).await?).await?;
            self.update(&c.workspace_id, &r.sealed, |now| Record { sealed, ..now })
                .await?;
            resealed += 1;
        }
        Ok((all.len(), resealed))
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::protocol::code::ErrorCode;
    use crate::protocol::region::Region;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// The memory store and the rules never wait, so one poll finishes them.
    fn ready<T>(f: impl Future<Output = T>) -> T {
        match pin!(f)
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("pending"),
        }
    }

    const K1: &str = "k1-secret-0123456789abcdef0123456789";

    fn stored(c: &Connections<MemoryStore>, id: &str, status: &str, sealed: &str) {
        let json = format!(
            r#"{{"v":1,"workspaceId":"{id}","name":"W {id}","region":"eu","admin":{{"id":"1","email":null}},"installedAt":"t0","updatedAt":"t0","status":"{status}","sealed":"{sealed}"}}"#
        );
        ready(c.store().put(&format!("{}{id}", rules::PREFIX), &json)).unwrap();
    }

    fn connections() -> Connections<MemoryStore> {
        Connections::new(MemoryStore::default(), vec![("k1".into(), K1.into())]).unwrap()
    }

    #[test]
    fn keys_are_checked_up_front() {
        for keys in [
            vec![],
            vec![("k1".to_owned(), "short".to_owned())],
            vec![("a b".into(), K1.into())],
        ] {
            let e = Connections::new(MemoryStore::default(), keys)
                .err()
                .unwrap();
            assert_eq!(e.code(), &ErrorCode::InvalidArgument);
        }
    }

    #[test]
    fn get_list_remove_and_the_uninstall_notice() {
        let c = connections();
        for i in 0..230 {
            stored(&c, &format!("ws{i:04}"), "connected", "v1.k1.AAAA");
        }
        let got = ready(c.get("ws0007")).unwrap().unwrap();
        assert_eq!((got.region, got.status), (Region::Eu, Status::Connected));
        assert!(ready(c.get("nosuch")).unwrap().is_none());
        assert_eq!(ready(c.list()).unwrap().len(), 230);
        ready(c.receive_uninstall("ws0007")).unwrap();
        assert!(ready(c.get("ws0007")).unwrap().is_none());
        ready(c.remove("ws0008")).unwrap();
        assert_eq!(ready(c.list()).unwrap().len(), 228);
        assert_eq!(
            ready(c.get("a:b")).unwrap_err().code(),
            &ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn a_missing_workspace_is_not_connected_before_any_crypto_or_request() {
        let e = ready(connections().client("nosuch", ClientOptions::default()))
            .err()
            .unwrap();
        assert_eq!(e.code().as_str(), "not_connected");
    }

    #[test]
    fn a_reconnect_error_marks_that_workspace_only() {
        let c = connections();
        stored(&c, "one", "connected", "v1.k1.AAAA");
        stored(&c, "two", "connected", "v1.k1.BBBB");
        ready(c.note_error(
            "one",
            &Error::new(ErrorCode::TokenRevoked, "x".into(), false),
        ))
        .unwrap();
        ready(c.note_error("two", &Error::new(ErrorCode::NotFound, "x".into(), false))).unwrap();
        assert_eq!(
            ready(c.get("one")).unwrap().unwrap().status,
            Status::ReconnectNeeded
        );
        assert_eq!(
            ready(c.get("two")).unwrap().unwrap().status,
            Status::Connected
        );
    }
    // save, client and rotate seal and open in WebCrypto: natively js-sys has no host, so
    // they run in the wasm tests (tests/web.rs) and, for the same rules, the JS package's.
}
