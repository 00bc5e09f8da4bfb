#!/usr/bin/env python3
"""Generates a synthetic source tree for nhiscan benchmarks.

The tree looks like a mid-sized company monorepo: Java and C# services, Python tools, a
TypeScript/JavaScript front end with minified bundles, Go tools, a Salesforce DX project (Apex
classes, *-meta.xml metadata, Connected Apps), YAML/JSON/.properties/.env configuration, Markdown
docs, logs, a few large files (a log, a bundle, a JSON data dump: tens of MB at the default size)
and binaries (PNG/JAR/ELF headers followed by random bytes).

A configurable number of synthetic Salesforce and OneSpan credentials of the right shapes are
planted (consumer keys and 64-hex consumer secrets, 5Aep861 refresh tokens, force:// SFDX auth
URLs, 00D access tokens, OneSpan Base64 id:secret API keys and callback keys, Connected App
metadata with a literal consumerSecret), together with look-alikes that must stay quiet
(placeholders, ${VAR} references, XXXX values). One planted secret straddles the 8 MiB window
boundary of the large log and one sits on a very long line of a minified bundle. Every plant and
decoy is listed, with path, line and column, in a JSON manifest written *outside* the tree (so the
tree holds nothing but the corpus).

Output is deterministic for a given --seed, size and Python version. Standard library only.

  bench/gen_corpus.py --size-mb 200 --seed 1 --out bench/out/corpus
  bench/gen_corpus.py --size-mb 0.05 --secrets 3 --out /tmp/tiny
"""

import argparse
import base64
import json
import os
import random
import shutil
import string
import sys
import time

MANIFEST_VERSION = 1

ALNUM = string.ascii_letters + string.digits
SF_CHARS = ALNUM + "._"
UPPER_HEX = "0123456789ABCDEF"
LOWER_HEX = "0123456789abcdef"

WORDS = """
account address agent alert amount api app approval archive asset audit auth balance batch
billing branch bucket budget buffer build bundle cache callback campaign card cart case catalog
channel charge checkout claim client cluster code config contact content contract counter coupon
credit customer dashboard data deal delivery deploy device discount document domain draft event
export feature feed field file filter flow form gateway group handler health history import index
invoice item job journal key label ledger lead limit line link list loader location lock log
manager mapping member message meter metric mode model module monitor note notice notify offer
opportunity order owner package page partner payment payload period plan policy pool portal price
process product profile project promo provider queue quote rate record refund region registry
release report request resource result retry review role route rule schedule schema score search
segment sender service session setting shipment signer snapshot source stage status stock store
stream subscription summary supplier sync table task tax template tenant ticket timer token topic
trace transfer trigger upload usage user validator value vendor version view visit wallet webhook
widget window worker workflow zone
""".split()

VERBS = """
get set load save fetch build create update delete find list parse render send sync validate
compute resolve apply merge split handle process refresh register publish notify schedule cancel
retry check normalize convert map reduce filter collect prepare commit rollback open close read
write encode decode sign verify approve reject archive restore import export
""".split()

FIRST = "alice bob carol dave erin frank grace heidi ivan judy mallory nina oscar peggy rupert sybil trent victor wendy".split()
LAST = "smith jones garcia miller davis lopez wilson moore taylor thomas jackson white harris martin".split()
TLDS = ["com", "io", "net", "org", "dev"]
SF_OBJECTS = ["Account", "Contact", "Opportunity", "Case", "Lead", "Contract", "Order", "Quote"]
LEVELS = ["INFO"] * 14 + ["DEBUG"] * 8 + ["WARN"] * 3 + ["ERROR"]

# Byte share of each kind of small file (the rest of the corpus is large files and binaries).
SMALL_KINDS = [
    ("java", 14.0), ("py", 8.0), ("js", 6.0), ("ts", 8.0), ("cs", 5.0), ("apex", 6.0),
    ("go", 5.0), ("yaml", 3.0), ("json", 4.0), ("properties", 1.0), ("env", 0.3),
    ("meta", 5.0), ("md", 4.0), ("log", 3.0), ("sh", 0.7),
]
LARGE_SHARE = {"biglog": 0.12, "bundle": 0.06, "bigjson": 0.04}
BINARY_SHARE = 0.05


class Rand:
    """Thin helpers over one random.Random, so that all randomness comes from one seed."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def choice(self, seq):
        return self.r.choice(seq)

    def randint(self, a, b):
        return self.r.randint(a, b)

    def random(self):
        return self.r.random()

    def chars(self, n, alphabet):
        return "".join(self.r.choices(alphabet, k=n))

    def word(self):
        return self.r.choice(WORDS)

    def camel(self, parts=2):
        return "".join(self.r.choice(WORDS).capitalize() for _ in range(parts))

    def lower_camel(self, parts=2):
        return self.r.choice(VERBS) + self.camel(parts - 1)

    def snake(self, parts=2):
        return "_".join(self.r.choice(WORDS) for _ in range(parts))

    def upper_snake(self, parts=2):
        return self.snake(parts).upper()

    def uuid(self):
        h = self.chars(32, LOWER_HEX)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def email(self):
        return f"{self.choice(FIRST)}.{self.choice(LAST)}@{self.word()}corp.{self.choice(TLDS)}"

    def host(self):
        return f"{self.word()}-{self.word()}.{self.word()}corp.{self.choice(TLDS)}"

    def b64(self, nbytes):
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def sentence(self, lo=6, hi=16):
        words = [self.word() for _ in range(self.randint(lo, hi))]
        return " ".join(words).capitalize() + "."

    def randbytes(self, n):
        return self.r.randbytes(n)


# --- snippet renderers: each returns a block of text ending with a newline ----------------------


def java_snippet(g):
    cls, m1, m2, f = g.camel(), g.lower_camel(), g.lower_camel(3), g.lower_camel()
    kind = g.randint(0, 3)
    if kind == 0:
        return f"""
    /**
     * {g.sentence()}
     * {g.sentence()}
     */
    public {cls} {m1}(String {f}, int limit) {{
        if ({f} == null || {f}.isEmpty()) {{
            throw new IllegalArgumentException("{g.word()} must not be empty");
        }}
        List<{cls}> results = repository.{m2}({f}, PageRequest.of(0, limit));
        log.debug("{m1}: {{}} results for {{}}", results.size(), {f});
        return results.stream().filter(r -> r.getStatus() == Status.ACTIVE).findFirst().orElse(null);
    }}
"""
    if kind == 1:
        return f"""
    @Override
    public void {m1}({cls} {f}) {{
        Objects.requireNonNull({f}, "{f}");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("id", {f}.getId());
        attributes.put("{g.word()}", {f}.get{g.camel(1)}());
        attributes.put("traceId", "{g.uuid()}");
        eventPublisher.publish(new {cls}Event(attributes, Instant.now()));
    }}
"""
    if kind == 2:
        return f"""
    private static final String {g.upper_snake()} = "{g.word()}.{g.word()}.{g.word()}";
    private static final int {g.upper_snake()} = {g.randint(1, 5000)};
    private static final String {g.upper_snake()}_CHECKSUM = "{g.chars(64, LOWER_HEX)}";
"""
    return f"""
    @Test
    void {m1}Returns{g.camel(1)}() throws Exception {{
        {cls} input = new {cls}("{g.uuid()}", {g.randint(1, 99)});
        when(client.{m2}(any())).thenReturn(Optional.of(input));
        assertThat(service.{m1}("{g.word()}", 10)).isEqualTo(input);
        verify(client, times(1)).{m2}(any());
    }}
"""


def java_header(g, pkg):
    imports = "".join(f"import {g.choice(['java.util', 'java.time', 'org.springframework.stereotype', 'com.acme.' + pkg])}.{g.camel(1)};\n" for _ in range(g.randint(4, 12)))
    return f"""package com.acme.{pkg};

{imports}
@Service
public class {g.camel()} {{
    private static final Logger log = LoggerFactory.getLogger({g.camel()}.class);
"""


def py_snippet(g):
    fn, arg = g.snake(), g.word()
    kind = g.randint(0, 3)
    if kind == 0:
        return f'''

def {fn}({arg}, *, timeout={g.randint(1, 60)}, retries={g.randint(0, 5)}):
    """{g.sentence()}

    {g.sentence()}
    """
    url = f"https://{g.host()}/api/v{g.randint(1, 3)}/{g.word()}/{{{arg}}}"
    for attempt in range(retries + 1):
        response = session.get(url, timeout=timeout)
        if response.status_code == 200:
            return response.json().get("{g.word()}", [])
        log.warning("%s failed (%s), attempt %d", url, response.status_code, attempt)
    raise {g.camel()}Error(url)
'''
    if kind == 1:
        return f'''

class {g.camel()}:
    """{g.sentence()}"""

    def __init__(self, {arg}, cache=None):
        self.{arg} = {arg}
        self.cache = cache or {{}}
        self.request_id = "{g.uuid()}"

    def {g.snake()}(self, key):
        if key in self.cache:
            return self.cache[key]
        value = self.{arg}.lookup(key)
        self.cache[key] = value
        return value
'''
    if kind == 2:
        return f'''
{g.upper_snake()} = {{
    "{g.word()}": {g.randint(0, 1000)},
    "{g.word()}": "{g.word()}-{g.word()}",
    "digest": "{g.chars(40, LOWER_HEX)}",
    "enabled": {g.choice(["True", "False"])},
}}
'''
    return f'''

@pytest.mark.parametrize("{arg}", ["{g.word()}", "{g.word()}", "{g.word()}"])
def test_{fn}({arg}, tmp_path):
    path = tmp_path / "{g.word()}.json"
    path.write_text(json.dumps({{"{arg}": {arg}, "id": "{g.uuid()}"}}))
    assert {fn}(path)["{arg}"] == {arg}
'''


def js_snippet(g):
    fn, a = g.lower_camel(), g.word()
    kind = g.randint(0, 2)
    if kind == 0:
        return f"""
export async function {fn}({a}, options = {{}}) {{
  // {g.sentence()}
  const response = await fetch(`${{API_BASE}}/{g.word()}/${{{a}.id}}`, {{
    method: "{g.choice(['GET', 'POST', 'PUT'])}",
    headers: {{ "Content-Type": "application/json", "X-Request-Id": "{g.uuid()}" }},
    body: options.body ? JSON.stringify(options.body) : undefined,
  }});
  if (!response.ok) throw new Error(`{fn} failed: ${{response.status}}`);
  return response.json();
}}
"""
    if kind == 1:
        return f"""
const {g.lower_camel()} = ({a}) => {a}
  .filter((x) => x.{g.word()} !== undefined && x.status === "{g.word()}")
  .map((x) => ({{ ...x, label: x.{g.word()}.toUpperCase(), hash: "{g.chars(12, LOWER_HEX)}" }}))
  .sort((l, r) => l.{g.word()} - r.{g.word()});
"""
    return f"""
describe("{fn}", () => {{
  it("{g.sentence(3, 7)[:-1].lower()}", async () => {{
    const result = await {fn}({{ id: "{g.uuid()}" }});
    expect(result.{g.word()}).toEqual({g.randint(0, 100)});
  }});
}});
"""


def ts_snippet(g):
    name, a = g.camel(), g.word()
    kind = g.randint(0, 2)
    if kind == 0:
        fields = "".join(f"  {g.word()}{g.choice(['', '?'])}: {g.choice(['string', 'number', 'boolean', 'Date', g.camel() + '[]'])};\n" for _ in range(g.randint(3, 9)))
        return f"""
export interface {name} {{
  id: string;
{fields}}}
"""
    if kind == 1:
        return f"""
@Injectable({{ providedIn: "root" }})
export class {name}Service {{
  private readonly cache = new Map<string, {name}>();

  constructor(private readonly http: HttpClient) {{}}

  {g.lower_camel()}({a}: string): Observable<{name}> {{
    const cached = this.cache.get({a});
    if (cached) return of(cached);
    return this.http.get<{name}>(`/api/{g.word()}/${{{a}}}`).pipe(
      tap((value) => this.cache.set({a}, value)),
      retry({g.randint(1, 3)}),
    );
  }}
}}
"""
    return f"""
export const {g.upper_snake()}: Readonly<Record<string, string>> = {{
  {g.word()}: "{g.word()}.{g.word()}",
  {g.word()}: "/{g.word()}/{g.word()}",
  build: "{g.chars(40, LOWER_HEX)}",
}};
"""


def cs_snippet(g):
    name, m = g.camel(), g.camel()
    kind = g.randint(0, 1)
    if kind == 0:
        return f"""
        /// <summary>{g.sentence()}</summary>
        public async Task<{name}> {m}Async(Guid id, CancellationToken cancellationToken = default)
        {{
            var entity = await _context.{name}s.AsNoTracking()
                .FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
            if (entity is null)
            {{
                _logger.LogWarning("{name} {{Id}} not found", id);
                throw new NotFoundException(nameof({name}), id);
            }}
            return entity;
        }}
"""
    return f"""
        public string {m} {{ get; set; }} = "{g.word()}";
        public int {g.camel()}Count {{ get; init; }}
        private static readonly Guid {g.camel()}Id = new Guid("{g.uuid()}");
"""


def apex_snippet(g):
    m, obj = g.lower_camel(), g.choice(SF_OBJECTS)
    kind = g.randint(0, 2)
    if kind == 0:
        return f"""
    public static List<{obj}> {m}(Set<Id> ids) {{
        // {g.sentence()}
        return [SELECT Id, Name, {g.camel(1)}__c, LastModifiedDate FROM {obj}
                WHERE Id IN :ids AND {g.camel(1)}__c != null LIMIT {g.randint(10, 2000)}];
    }}
"""
    if kind == 1:
        return f"""
    public static HttpResponse {m}(String packageId) {{
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:OneSpan_Sign/api/packages/' + packageId + '/{g.word()}');
        req.setMethod('{g.choice(['GET', 'POST'])}');
        req.setHeader('Content-Type', 'application/json');
        req.setTimeout({g.randint(10, 120) * 1000});
        return new Http().send(req);
    }}
"""
    return f"""
    @TestVisible
    private static void {m}(List<{obj}> records) {{
        for ({obj} rec : records) {{
            rec.{g.camel(1)}__c = '{g.word()}';
        }}
        update records;
    }}
"""


def go_snippet(g):
    name = g.camel()
    kind = g.randint(0, 1)
    if kind == 0:
        fields = "".join(f"\t{g.camel(1)} {g.choice(['string', 'int64', 'bool', 'time.Time', '[]string'])} `json:\"{g.word()},omitempty\"`\n" for _ in range(g.randint(3, 8)))
        return f"""
// {name} {g.sentence().lower()}
type {name} struct {{
{fields}}}
"""
    return f"""
func (s *Server) {name}(ctx context.Context, req *{g.camel()}Request) (*{g.camel()}Response, error) {{
	if req == nil || req.ID == "" {{
		return nil, status.Error(codes.InvalidArgument, "{g.word()}: missing id")
	}}
	ctx, cancel := context.WithTimeout(ctx, {g.randint(1, 30)}*time.Second)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, "SELECT id, {g.word()} FROM {g.snake()} WHERE id = $1", req.ID)
	if err != nil {{
		return nil, fmt.Errorf("{name}: %w", err)
	}}
	defer rows.Close()
	return &{g.camel()}Response{{TraceID: "{g.uuid()}"}}, nil
}}
"""


def yaml_snippet(g):
    svc = g.word()
    kind = g.randint(0, 2)
    if kind == 0:
        return f"""---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {svc}-{g.word()}
  labels: {{app: {svc}, tier: {g.choice(['api', 'worker', 'web'])}}}
spec:
  replicas: {g.randint(1, 6)}
  template:
    spec:
      containers:
        - name: {svc}
          image: registry.{g.word()}corp.io/{svc}@sha256:{g.chars(64, LOWER_HEX)}
          env:
            - name: {g.upper_snake()}
              valueFrom: {{secretKeyRef: {{name: {svc}-secrets, key: {g.word()}}}}}
            - name: LOG_LEVEL
              value: "{g.choice(['info', 'debug', 'warn'])}"
"""
    if kind == 1:
        return f"""
{svc}:
  url: https://{g.host()}/{g.word()}
  timeout_ms: {g.randint(100, 30000)}
  retries: {g.randint(0, 5)}
  features: [{g.word()}, {g.word()}, {g.word()}]
"""
    return f"""
  {g.word()}-{g.word()}:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@{g.chars(40, LOWER_HEX)}
      - run: npm ci && npm run {g.word()}
        env:
          {g.upper_snake()}: ${{{{ secrets.{g.upper_snake()} }}}}
"""


def json_snippet(g):
    return (f'    "{g.word()}-{g.word()}": {{\n'
            f'      "version": "{g.randint(0, 9)}.{g.randint(0, 30)}.{g.randint(0, 20)}",\n'
            f'      "resolved": "https://registry.npmjs.org/{g.word()}/-/{g.word()}-{g.randint(1, 9)}.0.0.tgz",\n'
            f'      "integrity": "sha512-{g.b64(64)}",\n'
            f'      "dev": {g.choice(["true", "false"])}\n'
            f'    }},\n')


def properties_snippet(g):
    return (f"# {g.sentence()}\n"
            f"{g.word()}.{g.word()}.{g.word()}={g.word()}\n"
            f"{g.word()}.{g.word()}.url=https://{g.host()}/{g.word()}\n"
            f"{g.word()}.{g.word()}.timeout={g.randint(100, 60000)}\n"
            f"{g.word()}.pool.size={g.randint(1, 64)}\n")


def env_snippet(g):
    return (f"{g.upper_snake()}={g.word()}\n"
            f"{g.upper_snake()}_URL=https://{g.host()}\n"
            f"{g.upper_snake()}_ENABLED={g.choice(['true', 'false'])}\n")


def meta_snippet(g):
    name = g.camel(1)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>{name}__c</fullName>
    <description>{g.sentence()}</description>
    <externalId>false</externalId>
    <label>{name} {g.camel(1)}</label>
    <length>{g.randint(10, 255)}</length>
    <required>{g.choice(['true', 'false'])}</required>
    <trackTrending>false</trackTrending>
    <type>{g.choice(['Text', 'Number', 'Checkbox', 'Picklist', 'LongTextArea'])}</type>
    <unique>false</unique>
</CustomField>
"""


def md_snippet(g):
    kind = g.randint(0, 2)
    if kind == 0:
        return f"\n## {g.camel(1)} {g.word()}\n\n{g.sentence(10, 24)} {g.sentence(8, 20)} {g.sentence(6, 18)}\n"
    if kind == 1:
        return f"\n```sh\ncurl -H \"Authorization: Bearer $TOKEN\" https://{g.host()}/api/{g.word()}\n```\n\n{g.sentence()}\n"
    return "\n" + "".join(f"- `{g.word()}`: {g.sentence(4, 10)}\n" for _ in range(g.randint(2, 6)))


def sh_snippet(g):
    return (f"\n# {g.sentence()}\n"
            f"{g.snake()}() {{\n"
            f"  local target=\"$1\"\n"
            f"  curl -fsS -H \"Authorization: Bearer ${{{g.upper_snake()}_TOKEN}}\" \"https://{g.host()}/$target\" | jq '.{g.word()}'\n"
            f"}}\n")


def log_line(g):
    level = g.choice(LEVELS)
    kind = g.randint(0, 5)
    if kind == 0:
        msg = f"request id={g.uuid()} method={g.choice(['GET', 'POST', 'PUT'])} path=/api/{g.word()}/{g.randint(1, 99999)} status={g.choice([200, 200, 200, 201, 204, 400, 404, 500])} duration_ms={g.randint(1, 3000)}"
    elif kind == 1:
        msg = f"{g.sentence(4, 10)} user={g.email()} tenant={g.word()}"
    elif kind == 2:
        msg = f"callback delivered package={g.chars(28, ALNUM)} event={g.choice(['PACKAGE_COMPLETE', 'DOCUMENT_SIGNED', 'SIGNER_COMPLETE'])} attempt={g.randint(1, 3)}"
    elif kind == 3:
        msg = f"cache {g.choice(['hit', 'miss'])} key={g.word()}:{g.chars(16, LOWER_HEX)} size={g.randint(10, 99999)}"
    elif kind == 4:
        msg = f"outbound call host={g.host()} ip=10.{g.randint(0, 255)}.{g.randint(0, 255)}.{g.randint(1, 254)} Authorization: Bearer [REDACTED]"
    else:
        msg = f"java.lang.IllegalStateException: {g.sentence(3, 8)}\n\tat com.acme.{g.word()}.{g.camel()}.{g.lower_camel()}({g.camel()}.java:{g.randint(10, 900)})\n\tat com.acme.{g.word()}.{g.camel()}.{g.lower_camel()}({g.camel()}.java:{g.randint(10, 900)})"
    return f"{level:5} [{g.choice(['main', 'worker-1', 'worker-2', 'http-nio-8080-exec-3', 'scheduler'])}] {g.word()}.{g.camel()} - {msg}\n"


def minified_snippet(g):
    v = [g.chars(1, string.ascii_letters) + g.chars(g.randint(0, 2), ALNUM) for _ in range(6)]
    kind = g.randint(0, 3)
    if kind == 0:
        return f'function {v[0]}({v[1]},{v[2]}){{var {v[3]}={v[1]}.{g.word()}||{{}};return {v[3]}.{g.word()}?{v[2]}({v[3]}):"{g.word()}-{g.word()}"}}'
    if kind == 1:
        return f'{v[0]}.prototype.{g.lower_camel()}=function({v[1]}){{return this.{g.word()}.map(function({v[2]}){{return {v[2]}.{g.word()}*{g.randint(1, 99)}}})}};'
    if kind == 2:
        return f'var {v[0]}={{{g.word()}:"{g.word()}",{g.word()}:{g.randint(0, 9999)},{g.word()}:[{g.randint(0, 9)},{g.randint(0, 9)},{g.randint(0, 9)}],id:"{g.uuid()}"}};'
    return f'{v[0]}.exports={{{g.lower_camel()}:function(){{return {v[1]}("{g.word()}")}},{g.lower_camel()}:{v[2]}}};'


def json_record(g):
    return json.dumps({
        "id": g.uuid(), "name": f"{g.choice(FIRST).title()} {g.choice(LAST).title()}",
        "email": g.email(), "account": g.camel(), "balance": g.randint(0, 10 ** 6) / 100,
        "tags": [g.word() for _ in range(g.randint(0, 4))], "sha256": g.chars(64, LOWER_HEX),
        "created": f"2026-{g.randint(1, 12):02d}-{g.randint(1, 28):02d}T{g.randint(0, 23):02d}:{g.randint(0, 59):02d}:00Z",
        "address": {"city": g.word().title(), "zip": f"{g.randint(10000, 99999)}"},
    }, separators=(",", ":"))


RENDERERS = {
    "java": java_snippet, "py": py_snippet, "js": js_snippet, "ts": ts_snippet, "cs": cs_snippet,
    "apex": apex_snippet, "go": go_snippet, "yaml": yaml_snippet, "json": json_snippet,
    "properties": properties_snippet, "env": env_snippet, "meta": meta_snippet, "md": md_snippet,
    "sh": sh_snippet, "log": log_line, "minified": minified_snippet,
}


# --- synthetic credentials ----------------------------------------------------------------------


class Creds:
    """Synthetic credentials of the documented Salesforce and OneSpan shapes. None of them works."""

    def __init__(self, g):
        self.g = g

    def consumer_key(self):
        return "3MVG9" + self.g.chars(80, SF_CHARS)

    def consumer_secret(self):
        return self.g.chars(64, UPPER_HEX)

    def refresh_token(self):
        return "5Aep861" + self.g.chars(80, SF_CHARS)

    def access_token(self):
        return "00D" + self.g.chars(12, ALNUM) + "!" + self.g.chars(96, SF_CHARS)

    def my_domain(self):
        return f"{self.g.word()}-{self.g.word()}.my.salesforce.com"

    def onespan_api_key(self):
        return base64.b64encode(f"{self.g.chars(12, ALNUM)}:{self.g.chars(24, ALNUM)}".encode()).decode()


def plant_block(g, c, kind):
    """Returns (lines, entries): the text lines to insert (each ending in a newline) and, for each
    planted value, (line offset within the block, column of the value, kind, role, value)."""
    entries = []
    if kind == "sf_pair_env":
        key, secret = c.consumer_key(), c.consumer_secret()
        lines = [f"SF_LOGIN_URL=https://{c.my_domain()}\n", f"SF_CLIENT_ID={key}\n",
                 f"SF_CLIENT_SECRET={secret}\n"]
        entries.append((1, len("SF_CLIENT_ID=") + 1, "salesforce.consumer_key", "identifier", key))
        entries.append((2, len("SF_CLIENT_SECRET=") + 1, "salesforce.consumer_secret", "secret", secret))
    elif kind == "sf_pair_yaml":
        key, secret = c.consumer_key(), c.consumer_secret()
        lines = ["salesforce:\n", f"  instance_url: https://{c.my_domain()}\n",
                 f"  client_id: {key}\n", f"  client_secret: \"{secret}\"\n"]
        entries.append((2, len("  client_id: ") + 1, "salesforce.consumer_key", "identifier", key))
        entries.append((3, len("  client_secret: \"") + 1, "salesforce.consumer_secret", "secret", secret))
    elif kind == "sf_refresh_token_java":
        token = c.refresh_token()
        prefix = "    private static final String REFRESH_TOKEN = \""
        lines = ["    // TODO move to Named Credential before go-live\n", f"{prefix}{token}\";\n"]
        entries.append((1, len(prefix) + 1, "salesforce.refresh_token", "secret", token))
    elif kind == "sf_refresh_token_py":
        token = c.refresh_token()
        prefix = "    \"refresh_token\": \""
        lines = ["SALESFORCE = {\n", f"    \"instance_url\": \"https://{c.my_domain()}\",\n",
                 f"{prefix}{token}\",\n", "}\n"]
        entries.append((2, len(prefix) + 1, "salesforce.refresh_token", "secret", token))
    elif kind == "sfdx_url_yaml":
        url = f"force://PlatformCLI::{c.refresh_token()}@{c.my_domain()}"
        prefix = "      SFDX_AUTH_URL: "
        lines = ["    env:\n", f"{prefix}{url}\n"]
        entries.append((1, len(prefix) + 1, "salesforce.sfdx_auth_url", "secret", url))
    elif kind == "sfdx_url_sh":
        url = f"force://PlatformCLI::{c.refresh_token()}@{c.my_domain()}"
        prefix = "echo \""
        lines = [f"{prefix}{url}\" > auth.txt\n", "sf org login sfdx-url --sfdx-url-file auth.txt --alias ci\n"]
        entries.append((0, len(prefix) + 1, "salesforce.sfdx_auth_url", "secret", url))
    elif kind == "onespan_api_key_properties":
        key = c.onespan_api_key()
        lines = ["esl.api.url=https://sandbox.esignlive.com/api\n", f"esl.api.key={key}\n"]
        entries.append((1, len("esl.api.key=") + 1, "onespan.api_key", "secret", key))
    elif kind == "onespan_api_key_env":
        key = c.onespan_api_key()
        lines = [f"ESL_API_KEY={key}\n"]
        entries.append((0, len("ESL_API_KEY=") + 1, "onespan.api_key", "secret", key))
    elif kind == "onespan_callback_key_js":
        key = base64.b64encode(f"{c.consumer_key()}:{c.consumer_secret()}".encode()).decode()
        prefix = "  key: \""
        lines = ["const callbackConfig = {\n", f"  url: \"https://{c.my_domain()}/services/apexrest/onespan/callback\",\n",
                 f"{prefix}{key}\",\n", "  events: [\"PACKAGE_COMPLETE\", \"DOCUMENT_SIGNED\"],\n", "};\n"]
        entries.append((2, len(prefix) + 1, "onespan.callback_key", "secret", key))
    elif kind == "sf_access_token_log":
        token = c.access_token()
        prefix = f"2026-11-02T09:14:07.{g.randint(100, 999)}Z DEBUG [http-nio-8080-exec-7] sf.Client - Authorization: Bearer "
        lines = [f"{prefix}{token} instance=https://{c.my_domain()}\n"]
        entries.append((0, len(prefix) + 1, "salesforce.access_token", "secret", token))
    elif kind == "connected_app_meta":
        key, secret = c.consumer_key(), c.consumer_secret()
        lines = [f"        <consumerKey>{key}</consumerKey>\n",
                 f"        <consumerSecret>{secret}</consumerSecret>\n"]
        entries.append((0, len("        <consumerKey>") + 1, "salesforce.consumer_key", "identifier", key))
        entries.append((1, len("        <consumerSecret>") + 1, "salesforce.consumer_secret", "secret", secret))
    else:
        raise ValueError(kind)
    return lines, entries


# Which plant goes into which kind of file.
PLANT_KINDS = [
    ("sf_pair_env", "env"), ("sf_refresh_token_java", "java"), ("onespan_api_key_properties", "properties"),
    ("sfdx_url_yaml", "yaml"), ("onespan_callback_key_js", "js"), ("sf_pair_yaml", "yaml"),
    ("sf_access_token_log", "log"), ("sf_refresh_token_py", "py"), ("onespan_api_key_env", "env"),
    ("sfdx_url_sh", "sh"), ("connected_app_meta", "connected_app"),
]

DECOYS = [
    ("SF_CLIENT_SECRET=your_client_secret_here\n", "env"),
    ("client_secret: ${SF_CLIENT_SECRET}\n", "yaml"),
    ("      SFDX_AUTH_URL: ${{ secrets.SFDX_AUTH_URL }}\n", "yaml"),
    ("SF_CLIENT_ID=3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n", "env"),
    ("    private static final String REFRESH_TOKEN = System.getenv(\"SF_REFRESH_TOKEN\");\n", "java"),
    ("esl.api.key=${ESL_API_KEY}\n", "properties"),
    ("ESL_API_KEY=<your-api-key>\n", "env"),
    ("  refresh_token: \"5Aep861XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"\n", "yaml"),
    ("  key: process.env.ONESPAN_CALLBACK_KEY,\n", "js"),
    ("Set `SF_CLIENT_SECRET` to the consumer secret (64 hex characters, e.g. `XXXXXXXXXXXXXXXX...`).\n", "md"),
]


# --- the corpus ---------------------------------------------------------------------------------


class Corpus:
    def __init__(self, args):
        self.args = args
        self.g = Rand(args.seed)
        self.creds = Creds(self.g)
        self.target = int(args.size_mb * 1024 * 1024)
        self.out = args.out
        self.used_paths = set()
        self.files = []  # (relpath, kind, size)
        self.manifest = {"version": MANIFEST_VERSION, "seed": args.seed, "size_mb": args.size_mb,
                         "secrets_requested": args.secrets, "decoys_requested": args.decoys,
                         "python": sys.version.split()[0], "planted": [], "decoys": []}
        self.pools = {}
        self.services = [self.g.word() for _ in range(12)]
        self.sfdx_projects = [self.g.word() + "-org" for _ in range(3)]
        self.web_apps = [self.g.word() + "-ui" for _ in range(4)]

    # Paths --------------------------------------------------------------------------------------

    def unique(self, path):
        base, ext = os.path.splitext(path)
        n = 1
        while path in self.used_paths:
            n += 1
            path = f"{base}{n}{ext}"
        self.used_paths.add(path)
        return path

    def path_for(self, kind):
        g = self.g
        svc = g.choice(self.services)
        if kind == "java":
            side = "test" if g.random() < 0.25 else "main"
            return f"services/{svc}/src/{side}/java/com/acme/{svc}/{g.word()}/{g.camel()}{'Test' if side == 'test' else ''}.java"
        if kind == "py":
            return g.choice([f"tools/{svc}/{g.snake()}.py", f"ml/{g.word()}/{g.snake()}.py", f"scripts/{g.snake()}.py"])
        if kind == "js":
            return f"web/{g.choice(self.web_apps)}/src/{g.word()}/{g.lower_camel()}.{g.choice(['js', 'js', 'jsx', 'mjs'])}"
        if kind == "ts":
            return f"web/{g.choice(self.web_apps)}/src/app/{g.word()}/{g.word()}.{g.choice(['service', 'component', 'model', 'store'])}.ts"
        if kind == "cs":
            return f"dotnet/Acme.{svc.title()}/{g.camel(1)}/{g.camel()}.cs"
        if kind == "apex":
            return f"sfdx/{g.choice(self.sfdx_projects)}/force-app/main/default/classes/{g.camel()}.cls"
        if kind == "go":
            return f"tools/{svc}-cli/internal/{g.word()}/{g.snake()}.go"
        if kind == "yaml":
            return g.choice([f"deploy/k8s/{svc}/{g.word()}.yaml", f"config/{g.choice(['dev', 'staging', 'prod'])}/{svc}.yml",
                             f".github/workflows/{g.word()}-{g.word()}.yml"])
        if kind == "json":
            return g.choice([f"web/{g.choice(self.web_apps)}/package-lock.json", f"config/{g.choice(['dev', 'staging', 'prod'])}/{svc}.json"])
        if kind == "properties":
            return f"services/{svc}/src/main/resources/application-{g.choice(['dev', 'staging', 'prod', 'local'])}.properties"
        if kind == "env":
            return f"services/{svc}/{g.choice(['.env', '.env.local', '.env.staging', '.env.example'])}"
        if kind == "meta":
            return f"sfdx/{g.choice(self.sfdx_projects)}/force-app/main/default/objects/{g.camel(1)}__c/fields/{g.camel(1)}__c.field-meta.xml"
        if kind == "md":
            return f"docs/{g.word()}/{g.word()}-{g.word()}.md"
        if kind == "log":
            return f"logs/{svc}/{svc}-2026-{g.randint(1, 12):02d}-{g.randint(1, 28):02d}.log"
        if kind == "sh":
            return f"scripts/{g.word()}-{g.word()}.sh"
        if kind == "connected_app":
            return f"sfdx/{g.choice(self.sfdx_projects)}/force-app/main/default/connectedApps/{g.camel()}.connectedApp-meta.xml"
        raise ValueError(kind)

    # Planning -----------------------------------------------------------------------------------

    def plan(self):
        g = self.g
        total_share = sum(w for _, w in SMALL_KINDS)
        small_budget = self.target * (1 - sum(LARGE_SHARE.values()) - BINARY_SHARE)
        for kind, weight in SMALL_KINDS:
            budget = small_budget * weight / total_share
            while budget > 0:
                # log-normal sizes around 6 KB, a few up to a few hundred KB
                size = int(min(max(g.r.lognormvariate(8.7, 1.0), 300), 300_000))
                size = min(size, max(int(budget), 300))
                budget -= size
                self.files.append((self.unique(self.path_for(kind)), kind, size))
                if kind == "apex":  # every Apex class has its metadata companion
                    self.files.append((self.unique(self.files[-1][0] + "-meta.xml"), "apex_meta", 0))
        for kind, share in LARGE_SHARE.items():
            size = int(self.target * share)
            if kind == "biglog":
                path = f"logs/{self.services[0]}/{self.services[0]}-full.log"
            elif kind == "bundle":
                path = f"web/{self.web_apps[0]}/dist/assets/index-{g.chars(8, LOWER_HEX)}.min.js"
            else:
                path = f"data/exports/{g.word()}-records.json"
            self.files.append((self.unique(path), kind, size))
        budget = self.target * BINARY_SHARE
        while budget > 0:
            ext = g.choice(["png", "png", "png", "jar", "so", "woff2"])
            size = int(min(max(g.r.lognormvariate(11.5, 1.2), 2000), 8 << 20, max(budget, 2000)))
            budget -= size
            folder = {"png": "assets/img", "jar": "libs", "so": "native/lib", "woff2": "web/fonts"}[ext]
            self.files.append((self.unique(f"{folder}/{g.snake()}.{ext}"), "bin_" + ext, size))
        self.files.sort()  # deterministic order, independent of planning order

    def choose_targets(self):
        """Maps file index -> list of plant kinds, and file index -> list of decoy lines."""
        g = self.g
        by_kind = {}
        for i, (_, kind, _) in enumerate(self.files):
            by_kind.setdefault(kind, []).append(i)
        plants, decoys = {}, {}
        special = []
        count = self.args.secrets
        # Two plants in the large files when there are enough secrets to go round.
        if count >= 2:
            special = ["biglog", "bundle"]
            count -= 2
        for n in range(count):
            kind, file_kind = PLANT_KINDS[n % len(PLANT_KINDS)]
            if file_kind == "connected_app":
                path = self.unique(self.path_for("connected_app"))
                self.files.append((path, "connected_app", 0))
                by_kind.setdefault("connected_app", []).append(len(self.files) - 1)
                plants.setdefault(len(self.files) - 1, []).append(kind)
                continue
            candidates = by_kind.get(file_kind) or by_kind.get("py")
            plants.setdefault(g.choice(candidates), []).append(kind)
        for kind in special:
            plants.setdefault(by_kind[kind][0], []).append("special")
        for n in range(self.args.decoys):
            text, file_kind = DECOYS[n % len(DECOYS)]
            candidates = by_kind.get(file_kind) or by_kind.get("py")
            decoys.setdefault(g.choice(candidates), []).append(text)
        return plants, decoys

    # Writing ------------------------------------------------------------------------------------

    def pool(self, kind, n=400):
        if kind not in self.pools:
            self.pools[kind] = [RENDERERS[kind](self.g) for _ in range(n)]
        return self.pools[kind]

    def header(self, kind, path):
        g = self.g
        if kind == "java":
            return java_header(g, path.split("/")[1])
        if kind == "py":
            return f'"""{g.sentence()}"""\nimport json\nimport logging\n\nimport requests\n\nlog = logging.getLogger(__name__)\n'
        if kind in ("js", "ts"):
            return "".join(f'import {{ {g.lower_camel()} }} from "../{g.word()}/{g.word()}";\n' for _ in range(g.randint(2, 6)))
        if kind == "cs":
            return f"using System;\nusing System.Threading.Tasks;\nusing Microsoft.Extensions.Logging;\n\nnamespace Acme.{g.camel(1)}\n{{\n    public class {g.camel()}\n    {{\n"
        if kind == "apex":
            return f"public with sharing class {os.path.basename(path)[:-4]} {{\n"
        if kind == "go":
            return f"package {g.word()}\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n)\n"
        if kind == "json":
            return '{\n  "name": "' + g.word() + '",\n  "lockfileVersion": 3,\n  "packages": {\n'
        if kind == "md":
            return f"# {g.camel(1)} {g.word()}\n\n{g.sentence(10, 20)}\n"
        if kind == "sh":
            return "#!/usr/bin/env bash\nset -euo pipefail\n"
        if kind == "yaml" and ".github/" in path:
            return f"name: {g.word()}\non: [push, pull_request]\njobs:\n"
        return ""

    def footer(self, kind):
        if kind in ("java", "apex"):
            return "}\n"
        if kind == "cs":
            return "    }\n}\n"
        if kind == "json":
            return '    "": {}\n  }\n}\n'
        return ""

    def small_chunks(self, path, kind, size):
        g = self.g
        if kind == "apex_meta":
            return ['<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n'
                    f"    <apiVersion>{g.randint(55, 62)}.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n"]
        if kind == "connected_app":
            return ['<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n',
                    f"    <contactEmail>{g.email()}</contactEmail>\n    <label>{g.camel()}</label>\n    <oauthConfig>\n",
                    f"        <callbackUrl>https://{self.creds.my_domain()}/services/apexrest/{g.word()}/callback</callbackUrl>\n",
                    "        <isAdminApproved>true</isAdminApproved>\n        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n",
                    "        <scopes>Api</scopes>\n        <scopes>RefreshToken</scopes>\n    </oauthConfig>\n</ConnectedApp>\n"]
        pool = self.pool(kind)
        chunks = [self.header(kind, path)]
        total = len(chunks[0])
        if kind == "log":
            ts = g.randint(0, 86000)
            while total < size:
                ts += g.randint(0, 3)
                line = f"2026-11-02T{ts // 3600 % 24:02d}:{ts // 60 % 60:02d}:{ts % 60:02d}.{g.randint(0, 999):03d}Z " + g.choice(pool)
                chunks.append(line)
                total += len(line)
            return chunks
        while total < size:
            chunk = g.choice(pool)
            chunks.append(chunk)
            total += len(chunk)
        chunks.append(self.footer(kind))
        return chunks

    def write_text(self, index, path, kind, size, plants, decoys):
        g = self.g
        chunks = self.small_chunks(path, kind, size)
        insertions = []  # (chunk position, lines, entries or None)
        for plant in plants:
            lines, entries = plant_block(g, self.creds, plant)
            pos = len(chunks) - 1 if kind == "connected_app" else g.randint(1, max(1, len(chunks) - 1))
            insertions.append((pos, lines, entries))
        for text in decoys:
            insertions.append((g.randint(1, max(1, len(chunks) - 1)), [text], None))
        # Insert from the back so earlier positions stay valid; equal positions keep their order.
        for pos, lines, entries in sorted(insertions, key=lambda x: x[0], reverse=True):
            chunks[pos:pos] = [("PLANT", lines, entries)]
        line = 1
        out = []
        for chunk in chunks:
            if isinstance(chunk, tuple):
                _, lines, entries = chunk
                if entries is None:
                    self.manifest["decoys"].append({"path": path, "line": line, "text": lines[0].strip()})
                else:
                    for offset, column, rule, role, value in entries:
                        self.manifest["planted"].append({"path": path, "line": line + offset, "column": column,
                                                         "kind": rule, "role": role, "value": value})
                out.extend(lines)
                line += len(lines)
            else:
                out.append(chunk)
                if insertions:
                    line += chunk.count("\n")
        data = "".join(out).encode()
        self.write_file(path, data)
        return len(data)

    def write_file(self, path, data):
        full = os.path.join(self.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)

    def write_big_log(self, path, size, plant):
        """Streams the large log; the plant straddles the 8 MiB window boundary when the log is
        big enough to have one (else it goes in the middle)."""
        g = self.g
        pool = self.pool("log", 3000)
        boundary = 8 << 20 if size > (9 << 20) else size // 2
        written, line_no, ts = 0, 1, 0
        full = os.path.join(self.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        planted = not plant
        with open(full, "wb") as f:
            while written < size:
                lines = []
                block = 0
                block_size = min(256 << 10, max(size - written, 1))
                while block < block_size:
                    ts += g.randint(0, 2)
                    lines.append(f"2026-11-02T{ts // 3600 % 24:02d}:{ts // 60 % 60:02d}:{ts % 60:02d}.{g.randint(0, 999):03d}Z " + g.choice(pool))
                    block += len(lines[-1])
                data = "".join(lines).encode()
                if not planted and written + len(data) > boundary - 200:
                    # cut the block so that the token starts 40 bytes before the boundary
                    token = self.creds.refresh_token()
                    prefix = "2026-11-02T12:00:00.000Z DEBUG [worker-2] sf.TokenStore - refreshed, refresh_token="
                    cut = max(0, boundary - 40 - len(prefix) - written)
                    head = data[:cut]
                    nl = head.rfind(b"\n")
                    head = head[:nl + 1] if nl >= 0 else b""
                    pad = boundary - 40 - len(prefix) - written - len(head)
                    if pad > 0:
                        head += b"." * (pad - 1) + b"\n"
                    line_no += head.count(b"\n")
                    f.write(head)
                    written += len(head)
                    line = f"{prefix}{token} expires=never\n".encode()
                    self.manifest["planted"].append({"path": path, "line": line_no, "column": len(prefix) + 1,
                                                     "kind": "salesforce.refresh_token", "role": "secret",
                                                     "value": token, "note": "straddles the 8 MiB window boundary"})
                    f.write(line)
                    written += len(line)
                    line_no += 1
                    planted = True
                    continue
                f.write(data)
                written += len(data)
                line_no += data.count(b"\n")
        return written

    def write_bundle(self, path, size, plant):
        """A minified bundle: few, very long lines (hundreds of KB each) with inline data URIs."""
        g = self.g
        pool = self.pool("minified", 2000)
        full = os.path.join(self.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        written, line_no = 0, 1
        plant_at = size * 3 // 4 if plant else -1
        with open(full, "wb") as f:
            banner = b"/*! acme-ui v4.2.0 | (c) Acme | MIT */\n"
            f.write(banner)
            written += len(banner)
            line_no += 1
            while written < size:
                parts, n = [], 0
                line_len = min(g.randint(100 << 10, 900 << 10), max(size - written, 1000))
                while n < line_len:
                    if g.random() < 0.002:
                        p = f'var {g.chars(2, string.ascii_letters)}="data:image/png;base64,{g.b64(g.randint(200, 6000))}";'
                    else:
                        p = g.choice(pool)
                    parts.append(p)
                    n += len(p)
                text = "".join(parts)
                if plant_at >= 0 and written + len(text) > plant_at:
                    key = base64.b64encode(f"{self.creds.consumer_key()}:{self.creds.consumer_secret()}".encode()).decode()
                    cut = len(text) // 2
                    while cut < len(text) and text[cut - 1] not in ";}":
                        cut += 1
                    prefix = text[:cut] + 'var oc={url:"https://' + self.creds.my_domain() + '/services/apexrest/onespan/callback",key:"'
                    text = prefix + key + '"};' + text[cut:]
                    self.manifest["planted"].append({"path": path, "line": line_no, "column": len(prefix) + 1,
                                                     "kind": "onespan.callback_key", "role": "secret", "value": key,
                                                     "note": "on a line of %d bytes" % len(text)})
                    plant_at = -1
                data = (text + "\n").encode()
                f.write(data)
                written += len(data)
                line_no += 1
            trailer = b"//# sourceMappingURL=index.min.js.map\n"
            f.write(trailer)
            written += len(trailer)
        return written

    def write_big_json(self, path, size):
        g = self.g
        records = [json_record(g) for _ in range(3000)]
        full = os.path.join(self.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        written = 0
        with open(full, "wb") as f:
            f.write(b"[\n")
            while written < size:
                k = max(1, min(500, (size - written) // 300))
                data = (",\n".join(g.r.choices(records, k=k)) + ",\n").encode()
                f.write(data)
                written += len(data)
            f.write(b'{"end":true}\n]\n')
        return written + 2 + 15

    def write_binary(self, path, kind, size):
        g = self.g
        header = {
            "bin_png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "bin_jar": b"PK\x03\x04\x14\x00\x08\x08\x08\x00",
            "bin_so": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
            "bin_woff2": b"wOF2\x00\x01\x00\x00",
        }[kind]
        self.write_file(path, header + g.randbytes(max(0, size - len(header))))
        return size

    def generate(self):
        started = time.time()
        if os.path.exists(self.out):
            if not self.args.force:
                sys.exit(f"gen_corpus: {self.out} exists (use --force to replace it)")
            shutil.rmtree(self.out)
        os.makedirs(self.out)
        self.plan()
        plants, decoys = self.choose_targets()
        total, counts = 0, {}
        for i, (path, kind, size) in enumerate(self.files):
            p = [k for k in plants.get(i, []) if k != "special"]
            special = "special" in plants.get(i, [])
            if kind == "biglog":
                n = self.write_big_log(path, size, special)
            elif kind == "bundle":
                n = self.write_bundle(path, size, special)
            elif kind == "bigjson":
                n = self.write_big_json(path, size)
            elif kind.startswith("bin_"):
                n = self.write_binary(path, kind, size)
            else:
                n = self.write_text(i, path, kind, size, p, decoys.get(i, []))
            total += n
            counts[kind] = counts.get(kind, 0) + 1
        self.manifest["planted"].sort(key=lambda e: (e["path"], e["line"], e["column"]))
        self.manifest["decoys"].sort(key=lambda e: (e["path"], e["line"]))
        self.manifest["files"] = len(self.files)
        self.manifest["bytes"] = total
        self.manifest["files_by_kind"] = dict(sorted(counts.items()))
        self.manifest["largest_files"] = [{"path": p, "bytes": s} for p, k, s in
                                          sorted(self.files, key=lambda f: -f[2])[:5]]
        manifest_path = self.args.manifest or self.out.rstrip("/") + ".manifest.json"
        with open(manifest_path, "w") as f:
            json.dump(self.manifest, f, indent=1)
            f.write("\n")
        secrets = sum(1 for e in self.manifest["planted"] if e["role"] == "secret")
        print(f"gen_corpus: {len(self.files)} files, {total / 1048576:.1f} MiB, {secrets} planted secrets "
              f"(+{len(self.manifest['planted']) - secrets} identifiers), {len(self.manifest['decoys'])} decoys "
              f"in {time.time() - started:.1f}s -> {self.out} (manifest {manifest_path})", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=200, help="approximate corpus size in MiB (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--secrets", type=int, default=24,
                        help="number of planted credential blocks (default 24; a block may also plant the consumer key that pairs with a secret)")
    parser.add_argument("--decoys", type=int, default=30, help="number of look-alikes that must not be found (default 30)")
    parser.add_argument("--out", required=True, help="folder to create (must not exist unless --force)")
    parser.add_argument("--manifest", help="manifest file (default: <out>.manifest.json, beside the folder)")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = parser.parse_args()
    if args.size_mb <= 0:
        parser.error("--size-mb must be positive")
    Corpus(args).generate()


if __name__ == "__main__":
    main()
