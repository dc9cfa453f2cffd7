// The typed calls (GET, POST, PUT, PATCH, DELETE, paginate) as a user writes them, checked with
// `tsc --strict` against the installed package: valid calls across 2.14 and 2.16 compile, and
// each @ts-expect-error line is a call the spec rules out (tsc fails if it compiled).
import { IntercomClient, IntercomError } from "intercom-edge";
import { IntercomClient as TokenOnlyClient } from "intercom-edge/client";

/** The default version's paths, with no type argument. */
export async function defaultVersion(intercom: IntercomClient, id: string): Promise<string[]> {
  const out: string[] = [];
  // 1. GET /me
  const me = await intercom.GET("/me");
  out.push(String(me?.id)); // the spec marks an admin nullable
  // 2. GET /admins
  const admins = await intercom.GET("/admins");
  out.push(String(admins.admins?.length));
  // 3. GET /admins/{admin_id}
  const admin = await intercom.GET("/admins/{admin_id}", { params: { path: { admin_id: 991267460 } } });
  out.push(String(admin?.email));
  // 4. GET /contacts/{contact_id}
  const contact = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } }, timeoutMs: 5000 });
  out.push(String(contact.email));
  // 5. PUT /contacts/{contact_id}
  const updated = await intercom.PUT("/contacts/{contact_id}", { params: { path: { contact_id: id } }, body: { name: "Ada" } });
  out.push(String(updated.name));
  // 6. DELETE /contacts/{contact_id}
  const deleted = await intercom.DELETE("/contacts/{contact_id}", { params: { path: { contact_id: id } } });
  out.push(String(deleted.deleted));
  // 7. POST /contacts
  const created = await intercom.POST("/contacts", { body: { email: "ada@example.com" } });
  out.push(String(created.id));
  // 8. POST /contacts/search
  const found = await intercom.POST("/contacts/search", {
    body: { query: { field: "email", operator: "=", value: "ada@example.com" }, pagination: { per_page: 5 } },
  });
  out.push(String(found.total_count));
  // 9. GET /conversations/{conversation_id}
  const conversation = await intercom.GET("/conversations/{conversation_id}", {
    params: { path: { conversation_id: 123 }, query: { display_as: "plaintext" } },
    signal: AbortSignal.timeout(1000),
  });
  out.push(String(conversation.id));
  // 10. GET /tags, 11. POST /tags, 12. DELETE /tags/{tag_id}
  const tags = await intercom.GET("/tags");
  out.push(String(tags.data?.length));
  const tag = await intercom.POST("/tags", { body: { name: "vip" }, retry: true });
  out.push(String(tag.name));
  await intercom.DELETE("/tags/{tag_id}", { params: { path: { tag_id: "123" } } });
  // 13. POST /contacts/{contact_id}/tags
  await intercom.POST("/contacts/{contact_id}/tags", { params: { path: { contact_id: id } }, body: { id: "7522907" } });
  // 14. GET /companies with its query
  const companies = await intercom.GET("/companies", { params: { query: { name: "Acme", per_page: 10 } } });
  out.push(String(companies.total_count));
  // 15. GET /articles/{article_id}
  const article = await intercom.GET("/articles/{article_id}", { params: { path: { article_id: 1 } } });
  out.push(String(article.title));
  // 16. GET /segments, 17. GET /teams, 18. GET /data_attributes
  out.push(String((await intercom.GET("/segments")).segments?.length));
  out.push(String((await intercom.GET("/teams")).teams?.length));
  out.push(String((await intercom.GET("/data_attributes", { params: { query: { model: "contact" } } })).data?.length));
  // 19. POST /contacts/{contact_id}/notes
  const note = await intercom.POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: 1 } }, body: { body: "Hi" } });
  out.push(String(note.id));
  // 20. Pagination: typed items, a cursor list, a search and page numbers.
  for await (const c of intercom.paginate("/contacts", { pageSize: 50, limit: 200 })) out.push(String(c.id));
  for await (const c of intercom.paginate("/contacts/search", {
    body: { query: { field: "email", operator: "~", value: "@example.com" } },
    pageSize: 50,
  })) out.push(String(c.email));
  for await (const c of intercom.paginate("/conversations")) out.push(String(c.id));
  for await (const c of intercom.paginate("/conversations/search", { body: { query: { field: "open", operator: "=", value: "true" } } })) out.push(String(c.id));
  for await (const c of intercom.paginate("/companies", { params: { query: { per_page: 50 } } })) out.push(String(c.name));
  for await (const c of intercom.paginate("/companies/list", { method: "POST" })) out.push(String(c.company_id));
  for await (const n of intercom.paginate("/contacts/{contact_id}/notes", { params: { path: { contact_id: id } } })) out.push(String(n.body));
  return out;
}

/** `version: "2.16"` types the client with 2.16's paths. */
export async function version216(token: string): Promise<string[]> {
  const intercom = new IntercomClient({ token, version: "2.16" });
  const out: string[] = [];
  // 21. 2.16 only: GET /macros and paging through it.
  const macros = await intercom.GET("/macros");
  out.push(String(macros.data?.length));
  for await (const m of intercom.paginate("/macros", { pageSize: 20 })) out.push(String(m?.id));
  // 22. 2.16 only: GET /conversations/deleted, paged by number.
  for await (const d of intercom.paginate("/conversations/deleted")) out.push(String(d.id));
  // 23. The same endpoints as 2.14.
  const contact = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } });
  out.push(String(contact.email));
  for await (const c of intercom.paginate("/contacts", { limit: 10 })) out.push(String(c.id));
  // @ts-expect-error 2.14 has no /macros: a default-version client rejects it
  await new IntercomClient({ token }).GET("/macros");
  return out;
}

/** The /client subpath's class is typed the same way; any other version gets 2.14's types. */
export async function others(token: string, anyVersion: string): Promise<void> {
  const tokenOnly = new TokenOnlyClient({ token, version: "2.16" });
  await tokenOnly.GET("/macros");
  const unknownVersion = new IntercomClient({ token, version: anyVersion as `${number}.${number}` });
  await unknownVersion.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } });
  const plain: IntercomClient = new IntercomClient({ token });
  await plain.request({ path: "/contacts" });
  try {
    await plain.GET("/me");
  } catch (err) {
    if (err instanceof IntercomError) console.log(err.code, err.status);
  }
}

/** Each of these is a compile error. */
export async function wrong(intercom: IntercomClient): Promise<void> {
  // @ts-expect-error unknown path
  await intercom.GET("/contact");
  // @ts-expect-error wrong method: /me has no POST
  await intercom.POST("/me");
  // @ts-expect-error missing path parameter (init is required)
  await intercom.GET("/contacts/{contact_id}");
  // @ts-expect-error missing path parameter (params.path is required)
  await intercom.GET("/contacts/{contact_id}", { params: {} });
  // @ts-expect-error misnamed path parameter
  await intercom.GET("/contacts/{contact_id}", { params: { path: { id: "1" } } });
  // @ts-expect-error wrong query field type (per_page is a number)
  await intercom.GET("/companies", { params: { query: { per_page: "ten" } } });
  // @ts-expect-error unknown query field
  await intercom.GET("/companies", { params: { query: { colour: "red" } } });
  // @ts-expect-error wrong body field type (name is a string)
  await intercom.POST("/tags", { body: { name: 42 } });
  // @ts-expect-error a body where the endpoint takes none
  await intercom.GET("/me", { body: { x: 1 } });
  // @ts-expect-error a search body's query must be a filter
  await intercom.POST("/contacts/search", { body: { query: "ada" } });
  // @ts-expect-error DELETE on a path without it
  await intercom.DELETE("/contacts");
  // @ts-expect-error paginate only takes list and search endpoints
  intercom.paginate("/me");
  // @ts-expect-error pageSize is a number
  intercom.paginate("/contacts", { pageSize: "50" });
  // @ts-expect-error a POST-only list without a body must say method: "POST"
  intercom.paginate("/companies/list");
  for await (const c of intercom.paginate("/contacts")) {
    // @ts-expect-error items are typed: a contact has no `colour`
    console.log(c.colour);
  }
  // @ts-expect-error the answer is typed: an admin list has no `contacts`
  console.log((await intercom.GET("/admins")).contacts);
}
