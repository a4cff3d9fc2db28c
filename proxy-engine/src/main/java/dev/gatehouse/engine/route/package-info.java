/**
 * The routing decision: which virtual host and which route a request gets, and what that route
 * does to it.
 *
 * <p>{@link dev.gatehouse.engine.route.RouteTable} compiles the immutable config records
 * ({@code VirtualHostConfig}, {@code RouteConfig}) into runtime objects once, off the event loop;
 * matching a request then only reads them, from any thread.
 *
 * <h2>What is matched</h2>
 * <ul>
 *   <li><b>Virtual host</b>: by the request authority (Host header or {@code :authority}), its
 *       port stripped, ASCII-lowercased, IPv6 literals kept in brackets, one trailing dot
 *       dropped. Exact domain first, then the longest {@code *suffix}, then the longest
 *       {@code prefix*}, then {@code *}. A wildcard always stands for at least one character,
 *       so {@code *.example.com} does not match {@code example.com}.</li>
 *   <li><b>Path</b>: exactly the path the caller hands over, without the query, compared
 *       byte for byte: this package neither percent-decodes nor normalises it (no dot-segment
 *       removal, no slash merging). Normalisation is the HTTP layer's job and must happen
 *       before routing, so the path that is matched is the path that is forwarded; matching a
 *       decoded path but forwarding the raw one would let {@code /%61dmin} slip past a route
 *       meant for {@code /admin}. Prefixes are plain string prefixes, not segment-aware
 *       ({@code /api} matches {@code /apix}), as in Envoy. {@code case_sensitive: false} folds
 *       ASCII case for prefix and exact paths; a regex gets RE2's {@code (?i)}, which also folds
 *       non-ASCII letters.</li>
 *   <li><b>Headers</b>: a header sent several times (several field lines) matches if
 *       <em>any</em> of its values matches; a single comma-separated line is one value and is
 *       not split. {@code invert} negates the whole result, so an inverted exact match means
 *       "no value equals". Values are compared case-sensitively; names are lowercase.</li>
 *   <li><b>Query</b>: parameters split on {@code &}, names and values percent-decoded as UTF-8
 *       with {@code +} read as a space (form encoding, as browsers send it); a malformed escape
 *       leaves that component undecoded. A parameter matches if any occurrence matches; a
 *       parameter without {@code =} has the empty value.</li>
 * </ul>
 * Routes of a virtual host are tried in declared order and the first match wins.
 *
 * <p>Decisions are prebuilt when the table is compiled, so matching allocates no result object;
 * explanations of why routes did not match are opt-in, because they do allocate.
 */
package dev.gatehouse.engine.route;
