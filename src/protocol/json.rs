//! JSON text → a value tree → any `serde::Deserialize` type, in pure Rust: Rust callers get
//! typed results without a trip through `JSON.parse` (serde_json is not a dependency).
//! Depth is bounded, so a hostile body cannot exhaust the stack.

use serde::de::value::{Error as DeError, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};

/// A parsed JSON value. Objects keep their members in order (duplicates: the last wins for
/// serde, as in serde_json).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null` (and an empty body).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// The number's text as sent (RFC 8259 syntax, checked); converted when a type asks,
    /// so callers that never read numbers do not carry a float parser.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members, in order.
    Object(Vec<(String, Json)>),
}

/// Nesting deeper than this is refused (Intercom's answers nest a handful of levels).
const MAX_DEPTH: u32 = 128;

/// Parses a whole JSON text; `None` when it is not JSON.
pub fn parse(text: &str) -> Option<Json> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let v = p.value(0)?;
    p.space();
    (p.at == p.bytes.len()).then_some(v)
}

/// A typed value from JSON text; `None` when the text is not JSON or not of `T`'s shape.
#[cfg(test)]
pub fn from_str<T: de::DeserializeOwned>(text: &str) -> Option<T> {
    T::deserialize(parse(text)?).ok()
}

impl Json {
    /// `self[key]` when `self` is an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'n' => self.eat(b"null").map(|_| Json::Null),
            b't' => self.eat(b"true").map(|_| Json::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    match self.next()? {
                        b',' => continue,
                        b']' => return Some(Json::Array(items)),
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Some(Json::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    if self.next()? != b':' {
                        return None;
                    }
                    members.push((key, self.value(depth + 1)?));
                    self.space();
                    match self.next()? {
                        b',' => continue,
                        b'}' => return Some(Json::Object(members)),
                        _ => return None,
                    }
                }
            }
            _ => self.number().map(|n| Json::Number(n.to_owned())),
        }
    }

    /// RFC 8259 numbers only (no "+1", ".5", "01", "NaN").
    fn number(&mut self) -> Option<&str> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digit()?;
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digit()?;
            self.digits();
        }
        core::str::from_utf8(self.bytes.get(start..self.at)?).ok()
    }

    fn digit(&mut self) -> Option<()> {
        self.next().filter(u8::is_ascii_digit).map(|_| ())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn string(&mut self) -> Option<String> {
        if self.next()? != b'"' {
            return None;
        }
        let mut out = Vec::new();
        loop {
            match self.next()? {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.escaped_char()?,
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b if b < 0x20 => return None,
                b => out.push(b),
            }
        }
    }

    /// After `\u`: one code unit, or a surrogate pair.
    fn escaped_char(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high);
        }
        self.eat(b"\\u")?;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + char::from(self.next()?).to_digit(16)?;
        }
        Some(n)
    }
}

/// Whole numbers go to serde as integers, so `u64`/`i64` fields read them; others as f64.
fn visit_number<'de, V: Visitor<'de>>(text: &str, visitor: V) -> Result<V::Value, DeError> {
    if let Ok(n) = text.parse::<u64>() {
        return visitor.visit_u64(n);
    }
    if let Ok(n) = text.parse::<i64>() {
        return visitor.visit_i64(n);
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => visitor.visit_f64(n),
        _ => Err(de::Error::custom("number out of range")),
    }
}

impl<'de> de::Deserializer<'de> for Json {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(b),
            Json::Number(n) => visit_number(&n, visitor),
            Json::String(s) => visitor.visit_string(s),
            Json::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Json::Object(members) => visitor.visit_map(MapDeserializer::new(members.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Json::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            Json::String(s) => visitor.visit_enum(s.into_deserializer()),
            Json::Object(members) => visitor.visit_enum(MapAccessDeserializer::new(
                MapDeserializer::new(members.into_iter()),
            )),
            _ => Err(de::Error::custom("expected an enum")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// So `Json` can be asked for as an untyped result.
impl<'de> de::Deserialize<'de> for Json {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.to_string()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::Number(n.to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(kv) = map.next_entry()? {
            members.push(kv);
        }
        Ok(Json::Object(members))
    }
}

impl<'de> IntoDeserializer<'de, DeError> for Json {
    type Deserializer = Json;

    fn into_deserializer(self) -> Json {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::model::{AdminList, AdminWithApp};

    #[test]
    fn values() {
        assert_eq!(parse(" null "), Some(Json::Null));
        assert_eq!(
            parse("[1, -2.5e1, true]"),
            Some(Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2.5e1".into()),
                Json::Bool(true)
            ]))
        );
        assert_eq!(
            parse(r#"{"a":"\u00e9\ud83d\ude00\n\"","b":{}}"#)
                .and_then(|v| v.get("a").and_then(|a| a.as_str().map(str::to_owned))),
            Some("é😀\n\"".into())
        );
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "01",
            "+1",
            ".5",
            "NaN",
            "\"\\x\"",
            "\"a\nb\"",
            "tru",
            "[1] x",
            "\"\\ud83d\"",
            "1e",
            "-",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(parse(&"[".repeat(10_000)), None);
    }

    #[test]
    fn typed_intercom_shapes() {
        let list: AdminList = from_str(
            r#"{"type":"admin.list","admins":[{"type":"admin","id":"1","team_ids":[814865,"7"],
               "avatar":{"image_url":"https://x/a.png"},"away_mode_enabled":false,"extra":[1,{"x":null}]}]}"#,
        )
        .unwrap();
        assert_eq!(list.admins.len(), 1);
        let me: AdminWithApp = from_str(
            r#"{"id":"9","email_verified":true,"app":{"region":"Europe","created_at":1734537243}}"#,
        )
        .unwrap();
        assert_eq!(me.app.and_then(|a| a.created_at), Some(1_734_537_243.0));
        assert!(from_str::<AdminList>(r#"{"admins":[{"name":"no id"}]}"#).is_none());
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum Kind {
            A,
            B(u8),
        }
        assert_eq!(
            from_str::<Vec<Kind>>(r#"["A",{"B":3}]"#),
            Some(vec![Kind::A, Kind::B(3)])
        );
        assert_eq!(from_str::<i64>("-3"), Some(-3));
        assert_eq!(from_str::<f64>("-2.5e1"), Some(-25.0));
        assert_eq!(from_str::<f64>("1e400"), None);
        assert_eq!(from_str::<Option<u8>>("null"), Some(None));
        let any: Json = from_str(r#"{"a":[1,"x",null,true]}"#).unwrap();
        assert_eq!(Some(any), parse(r#"{"a":[1,"x",null,true]}"#));
    }
}
