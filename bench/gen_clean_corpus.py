#!/usr/bin/env python3
"""Generates a synthetic source tree that holds NO secrets, to measure false positives per MB.

Everything in it is the kind of text that looks like a credential to a careless rule but is not
one: code that reads secrets from the environment or a secret manager, configuration full of
placeholders and templates (${VAR}, {{ var }}, %(var)s, <%= %>, Helm, Ansible, Terraform), test
fixtures with fake or masked tokens, password fields of forms and ORMs, translation files, lock
files with integrity hashes (package-lock.json, yarn.lock, poetry.lock, Cargo.lock, go.sum,
Gemfile.lock), minified JavaScript with inline Base64 images, SVG, UUIDs, git and content hashes,
public certificates and SSH public keys, documentation with user:password@localhost examples,
SQL dumps with password hashes, and logs. Mixed languages: Python, JavaScript/TypeScript, Java,
Go, C#, Ruby, PHP, shell.

Any finding on this tree is a false positive (see bench/fp_report.py). Output is deterministic for
a given --seed, size and Python version. Standard library only.

  bench/gen_clean_corpus.py --size-mb 50 --seed 1 --out bench/out/clean-50mb-seed1
"""

import argparse
import base64
import json
import os
import random
import shutil
import string
import sys

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
WORDS = """account address agent alert amount api app approval archive asset audit auth balance batch
billing branch bucket budget build bundle cache callback campaign card cart catalog channel charge
checkout claim client cluster config contact content contract coupon credit customer dashboard data
deal delivery deploy device discount document domain draft event export feature feed field file
filter flow form gateway group handler health history import index invoice item job journal label
ledger limit line link list loader location lock log manager mapping member message meter metric
model module monitor note notice offer order owner package page partner payment payload period plan
policy pool portal price process product profile project promo provider queue quote rate record
refund region registry release report request resource result retry review role route rule
schedule schema score search segment sender service session setting shipment snapshot source stage
status stock store stream subscription summary supplier sync table task tax template tenant ticket
timer topic trace transfer trigger upload usage user value vendor version view visit wallet webhook
widget window worker workflow zone""".split()
PKGS = """react lodash express axios moment chalk debug commander yargs uuid dotenv webpack babel-core
typescript eslint prettier jest mocha chai sinon rxjs zone.js tslib semver glob minimatch rimraf
mkdirp async bluebird request body-parser cookie-parser cors helmet morgan jsonwebtoken bcryptjs
passport mongoose sequelize pg mysql2 redis ioredis kafkajs graphql apollo-server next nuxt vue
svelte angular core-js regenerator-runtime classnames prop-types immer redux zustand""".split()
SECRET_NAMES = ["DB_PASSWORD", "API_KEY", "SECRET_KEY", "GITHUB_TOKEN", "NPM_TOKEN", "SLACK_BOT_TOKEN",
                "STRIPE_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "JWT_SECRET", "REDIS_PASSWORD",
                "SMTP_PASSWORD", "CLIENT_SECRET", "SENTRY_AUTH_TOKEN", "DOCKERHUB_TOKEN", "VAULT_TOKEN",
                "GITLAB_TOKEN", "PYPI_API_TOKEN", "SONAR_TOKEN", "CODECOV_TOKEN", "DATABASE_URL"]


class G:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def c(self, seq):
        return self.r.choice(seq)

    def i(self, a, b):
        return self.r.randint(a, b)

    def chars(self, n, alphabet=ALNUM):
        return "".join(self.r.choices(alphabet, k=n))

    def w(self):
        return self.r.choice(WORDS)

    def camel(self, n=2):
        return "".join(self.w().capitalize() for _ in range(n))

    def snake(self, n=2):
        return "_".join(self.w() for _ in range(n))

    def uuid(self):
        h = self.chars(32, HEX)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def sha(self, n=40):
        return self.chars(n, HEX)

    def b64(self, n):
        return base64.b64encode(self.r.randbytes(n)).decode()

    def secret_name(self):
        return self.c(SECRET_NAMES)

    def version(self):
        return f"{self.i(0, 12)}.{self.i(0, 30)}.{self.i(0, 40)}"

    def host(self):
        return f"{self.w()}-{self.w()}.{self.c(['internal', 'svc.cluster.local', 'corp.local', 'example.com'])}"


# --- code ----------------------------------------------------------------------------------------

def python_file(g):
    parts = ['"""' + f"{g.camel()} service helpers." + '"""\nimport os\nimport logging\n\nlog = logging.getLogger(__name__)\n']
    for _ in range(g.i(4, 12)):
        n = g.secret_name()
        k = g.i(0, 7)
        if k == 0:
            parts.append(f'\n{n} = os.environ["{n}"]\n{g.snake().upper()} = os.getenv("{g.snake().upper()}", "")\n')
        elif k == 1:
            parts.append(f'''
def connect_{g.snake()}(settings):
    password = settings.get("password")
    token = get_secret("{g.w()}/{g.w()}/token")
    return Client(host=settings["host"], password=password, token=token, timeout={g.i(1, 60)})
''')
        elif k == 2:
            parts.append(f'''
class {g.camel()}Form(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, min_length=12)
    password_confirm = forms.CharField(widget=forms.PasswordInput)
    password_field = "password"
''')
        elif k == 3:
            parts.append(f'''
def test_{g.snake()}_rejects_bad_password(client):
    response = client.post("/login", data={{"username": "alice", "password": "test-password-{g.i(1, 99)}"}})
    assert response.status_code == 401
    fake_token = "fake-token-{g.chars(8)}"
    assert not verify(fake_token)
''')
        elif k == 4:
            parts.append(f'''
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env("DB_NAME", default="{g.w()}"),
        "USER": env("DB_USER"),
        "PASSWORD": env("DB_PASSWORD"),
        "HOST": env("DB_HOST", default="localhost"),
    }}
}}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")
''')
        elif k == 5:
            parts.append(f'''
QUERY = "SELECT id, password_hash FROM users WHERE email = %(email)s AND tenant = %(tenant)s"
CONN = "postgresql://%(user)s:%(password)s@%(host)s/%(db)s"
TOKEN_TYPE = "bearer"
''')
        elif k == 6:
            parts.append(f'''
@pytest.fixture
def {g.snake()}_config(tmp_path):
    return {{"api_key": "dummy-api-key", "secret": "<secret>", "token": "xxxxxxxxxxxxxxxxxxxxxxxx",
            "request_id": "{g.uuid()}", "digest": "{g.sha(64)}"}}
''')
        else:
            parts.append(f'''
def {g.snake()}(payload):
    signature = hmac.new(load_key("{g.w()}"), payload, hashlib.sha256).hexdigest()
    log.debug("signed %s with key id %s", "{g.sha(40)}", "{g.uuid()}")
    return signature
''')
    return "".join(parts)


def js_file(g):
    parts = [f"import {{ {g.camel()} }} from './{g.w()}';\nimport axios from 'axios';\n"]
    for _ in range(g.i(4, 12)):
        n = g.secret_name()
        k = g.i(0, 6)
        if k == 0:
            parts.append(f"\nconst {g.c(['apiKey', 'token', 'password', 'clientSecret'])} = process.env.{n};\nconst dbPassword = process.env.DB_PASSWORD || '';\n")
        elif k == 1:
            parts.append(f"""
export async function {g.c(['fetch', 'load', 'sync'])}{g.camel()}(id) {{
  const headers = {{ Authorization: `Bearer ${{await getToken()}}`, 'X-Request-Id': '{g.uuid()}' }};
  const res = await axios.get(`${{API_URL}}/{g.w()}/${{id}}`, {{ headers }});
  return res.data;
}}
""")
        elif k == 2:
            parts.append(f"""
describe('{g.w()} login', () => {{
  it('rejects a wrong password', async () => {{
    const user = {{ email: 'alice@example.com', password: 'test-password-{g.i(1, 999)}' }};
    const token = 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';
    await expect(login(user, token)).rejects.toThrow('Invalid credentials');
  }});
}});
""")
        elif k == 3:
            parts.append(f"""
const schema = new mongoose.Schema({{
  email: {{ type: String, required: true, unique: true }},
  password: {{ type: String, required: true, minlength: 8, select: false }},
  resetPasswordToken: String,
  apiKeyHash: {{ type: String, default: '{g.sha(64)}' }},
}});
""")
        elif k == 4:
            parts.append(f"""
export const i18n = {{
  password: '{g.c(['Password', 'Passwort', 'Mot de passe', 'Contraseña', 'Wachtwoord'])}',
  forgotPassword: 'Forgot your password?',
  token: '{g.c(['Token', 'Jeton', 'Zugangstoken'])}',
  secret: '{g.c(['Secret', 'Geheimnis', 'Secreto'])}',
}};
""")
        elif k == 5:
            parts.append(f"""
const config = {{
  url: `postgres://${{process.env.DB_USER}}:${{process.env.DB_PASSWORD}}@${{process.env.DB_HOST}}/app`,
  redis: 'redis://localhost:6379/0',
  secret: process.env.SESSION_SECRET,
  commit: '{g.sha(40)}',
}};
""")
        else:
            parts.append(f"""
function {g.c(['hash', 'sign', 'verify'])}{g.camel()}(value) {{
  return crypto.createHmac('sha256', getSigningKey()).update(value).digest('base64');
}}
""")
    return "".join(parts)


def java_file(g):
    cls = g.camel()
    parts = [f"package com.acme.{g.w()};\n\nimport org.springframework.beans.factory.annotation.Value;\n\n@Service\npublic class {cls} {{\n"]
    for _ in range(g.i(4, 10)):
        k = g.i(0, 4)
        if k == 0:
            parts.append(f'    @Value("${{{g.w()}.datasource.password}}")\n    private String password;\n    @Value("${{{g.w()}.api.token:}}")\n    private String apiToken;\n')
        elif k == 1:
            parts.append(f'''
    public DataSource dataSource(Environment env) {{
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(env.getProperty("spring.datasource.url"));
        config.setUsername(env.getProperty("spring.datasource.username"));
        config.setPassword(env.getProperty("spring.datasource.password"));
        return new HikariDataSource(config);
    }}
''')
        elif k == 2:
            parts.append(f'''
    @Test
    void rejectsInvalidToken() {{
        String token = "invalid-token-{g.i(1, 99)}";
        String password = "changeme";
        assertThrows(AuthException.class, () -> service.login("bob", password, token));
    }}
''')
        elif k == 3:
            parts.append(f'    private static final String PASSWORD_PARAM = "password";\n    private static final String TOKEN_HEADER = "X-Auth-Token";\n    private static final String CHECKSUM = "{g.sha(64)}";\n')
        else:
            parts.append(f'''
    public String {g.w()}Url(String user) {{
        return String.format("jdbc:postgresql://%s:5432/%s?user=%s&password=%s", host, db, user, secrets.get("db"));
    }}
''')
    parts.append("}\n")
    return "".join(parts)


def go_file(g):
    parts = [f"package {g.w()}\n\nimport (\n\t\"os\"\n\t\"fmt\"\n)\n"]
    for _ in range(g.i(3, 8)):
        k = g.i(0, 3)
        if k == 0:
            parts.append(f'\nvar (\n\tdbPassword = os.Getenv("DB_PASSWORD")\n\tapiToken   = os.Getenv("{g.secret_name()}")\n)\n')
        elif k == 1:
            parts.append(f'\nfunc dsn(user, pass, host string) string {{\n\treturn fmt.Sprintf("%s:%s@tcp(%s:3306)/{g.w()}?parseTime=true", user, pass, host)\n}}\n')
        elif k == 2:
            parts.append(f'\ntype Config struct {{\n\tUser     string `yaml:"user"`\n\tPassword string `yaml:"password" json:"-"`\n\tToken    string `yaml:"token"`\n}}\n')
        else:
            parts.append(f'\nfunc Test{g.camel()}(t *testing.T) {{\n\tcfg := Config{{User: "test", Password: "test-password", Token: "fake-token-value"}}\n\tif err := cfg.Validate(); err != nil {{\n\t\tt.Fatal(err)\n\t}}\n}}\n')
    return "".join(parts)


def cs_file(g):
    return f"""using Microsoft.Extensions.Configuration;

namespace Acme.{g.camel()}
{{
    public class {g.camel()}Options
    {{
        public string ConnectionString {{ get; set; }} = string.Empty;
        public string Password {{ get; set; }}
        public string ApiKey {{ get; set; }}
    }}

    public static class Startup
    {{
        public static void Configure(IConfiguration configuration)
        {{
            var password = configuration["Db:Password"];
            var conn = configuration.GetConnectionString("Default");
            var key = Environment.GetEnvironmentVariable("{g.secret_name()}");
            var traceId = new Guid("{g.uuid()}");
        }}
    }}
}}
"""


def ruby_file(g):
    return f"""class {g.camel()}Client
  def initialize
    @token = ENV.fetch("{g.secret_name()}")
    @password = Rails.application.credentials.dig(:{g.w()}, :password)
    @api_key = ENV["API_KEY"]
  end

  def connection
    Faraday.new(url: "https://{g.host()}") do |f|
      f.request :authorization, "Bearer", -> {{ @token }}
    end
  end
end
"""


def php_file(g):
    return f"""<?php
return [
    'default' => env('DB_CONNECTION', 'mysql'),
    'connections' => [
        'mysql' => [
            'host' => env('DB_HOST', '127.0.0.1'),
            'username' => env('DB_USERNAME', 'forge'),
            'password' => env('DB_PASSWORD', ''),
        ],
    ],
    'key' => env('APP_KEY'),
    'cipher' => 'AES-256-CBC',
];
"""


def shell_file(g):
    return f"""#!/usr/bin/env bash
set -euo pipefail
: "${{DB_PASSWORD:?DB_PASSWORD must be set}}"
export PGPASSWORD="$DB_PASSWORD"
psql -h "$DB_HOST" -U "$DB_USER" -d {g.w()} -c 'select 1'
curl -fsS -H "Authorization: Bearer $API_TOKEN" "https://{g.host()}/v1/{g.w()}"
curl -u "$NEXUS_USER:$NEXUS_PASSWORD" -T build/{g.w()}.jar "$NEXUS_URL/repository/releases/"
docker login -u "$DOCKERHUB_USER" --password-stdin <<< "$DOCKERHUB_TOKEN"
git clone "https://oauth2:${{CI_JOB_TOKEN}}@gitlab.example.com/{g.w()}/{g.w()}.git"
"""


# --- configuration -------------------------------------------------------------------------------

def env_example(g):
    lines = ["# Copy to .env and fill in the values", f"APP_NAME={g.w()}", "APP_ENV=local", "DEBUG=true"]
    for n in g.r.sample(SECRET_NAMES, 8):
        lines.append(g.c([f"{n}=", f"{n}=changeme", f"{n}=<{n.lower()}>", f"{n}=your_{n.lower()}_here",
                          f"{n}=${{{n}}}", f"{n}=xxxxxxxxxxxxxxxx", f"# {n}=", f"{n}=\"\""]))
    lines.append("DATABASE_URL=postgres://postgres:postgres@localhost:5432/app_dev")
    lines.append("REDIS_URL=redis://localhost:6379")
    return "\n".join(lines) + "\n"


def spring_yaml(g):
    return f"""spring:
  datasource:
    url: jdbc:postgresql://${{DB_HOST:localhost}}:5432/{g.w()}
    username: ${{DB_USER}}
    password: ${{DB_PASSWORD}}
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: ${{GITHUB_CLIENT_ID}}
            client-secret: ${{GITHUB_CLIENT_SECRET}}
management:
  endpoints.web.exposure.include: health,info
app:
  jwt:
    secret: ${{JWT_SECRET}}
    expiration: 3600
  build: {g.sha(40)}
"""


def compose(g):
    return f"""services:
  db:
    image: postgres:16@sha256:{g.sha(64)}
    environment:
      POSTGRES_PASSWORD: ${{POSTGRES_PASSWORD:-postgres}}
      POSTGRES_USER: postgres
  cache:
    image: redis:7
    command: ["redis-server", "--requirepass", "${{REDIS_PASSWORD}}"]
  api:
    build: .
    environment:
      DATABASE_URL: postgres://postgres:${{POSTGRES_PASSWORD}}@db:5432/{g.w()}
      SECRET_KEY: ${{SECRET_KEY}}
      GITHUB_TOKEN: ${{GITHUB_TOKEN}}
    secrets: [db_password]
secrets:
  db_password:
    file: ./secrets/db_password.txt
"""


def k8s(g):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {g.w()}-{g.w()}
  annotations:
    checksum/config: {g.sha(64)}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/{g.w()}@sha256:{g.sha(64)}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {{name: {g.w()}-db, key: password}}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: {{name: {g.w()}-api, key: token}}
            - name: LOG_LEVEL
              value: info
---
apiVersion: v1
kind: Secret
metadata:
  name: {g.w()}-db
stringData:
  password: "{{{{ .Values.db.password }}}}"
  token: {{{{ required "token is required" .Values.api.token | quote }}}}
"""


def ansible(g):
    return f"""- hosts: {g.w()}
  vars:
    db_password: "{{{{ vault_db_password }}}}"
    api_token: "{{{{ lookup('env', 'API_TOKEN') }}}}"
    admin_password: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      {g.chars(64, '0123456789')}
      {g.chars(64, '0123456789')}
  tasks:
    - name: create user
      postgresql_user:
        name: app
        password: "{{{{ db_password }}}}"
"""


def terraform(g):
    return f"""variable "db_password" {{
  type      = string
  sensitive = true
}}

resource "aws_db_instance" "{g.w()}" {{
  engine         = "postgres"
  username       = "app"
  password       = var.db_password
  instance_class = "db.t3.micro"
}}

data "aws_secretsmanager_secret_version" "token" {{
  secret_id = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:{g.w()}-token"
}}
"""


def properties(g):
    return f"""spring.datasource.url=jdbc:mysql://localhost:3306/{g.w()}
spring.datasource.username=${{DB_USER}}
spring.datasource.password=${{DB_PASSWORD}}
app.api.key=${{API_KEY:}}
app.token.header=X-Auth-Token
app.password.min-length=12
app.secret.rotation-days=90
jasypt.encryptor.password=${{JASYPT_PASSWORD}}
mail.smtp.password=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)
"""


def erb_config(g):
    return f"""production:
  adapter: postgresql
  database: {g.w()}_production
  username: <%= ENV['DB_USER'] %>
  password: <%= ENV['DB_PASSWORD'] %>
  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>
"""


def ini(g):
    return f"""[database]
host = localhost
user = app
password = %(DB_PASSWORD)s

[api]
token = {{{{ api_token }}}}
timeout = 30
"""


def github_workflow(g):
    return f"""name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@{g.sha(40)}
      - run: npm ci && npm test
        env:
          NPM_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}
          GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
      - uses: docker/login-action@v3
        with:
          username: ${{{{ vars.DOCKERHUB_USER }}}}
          password: ${{{{ secrets.DOCKERHUB_TOKEN }}}}
      - uses: codecov/codecov-action@v4
        with:
          token: ${{{{ secrets.CODECOV_TOKEN }}}}
"""


def npmrc(g):
    return "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true\n@acme:registry=https://npm.pkg.github.com\n"


def docker_config(g):
    return json.dumps({"auths": {"https://index.docker.io/v1/": {}, "ghcr.io": {}}, "credsStore": "desktop",
                       "currentContext": "default"}, indent=2) + "\n"


# --- docs, data, fixtures ------------------------------------------------------------------------

def markdown(g):
    return f"""# {g.camel()} service

Set the connection string, for example `postgres://user:password@localhost:5432/{g.w()}`, or
`mongodb://username:password@host:27017/db` for the document store.

```sh
export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
export NPM_TOKEN=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/{g.w()}
curl -u admin:admin http://localhost:8080/api/json
docker login -u <username> -p <personal-access-token>
```

Tokens look like `glpat-<20 characters>`; never commit them. The API key is a UUID such as
`{g.uuid()}` in the examples below (it is not a real key).

| setting | default |
|---|---|
| `password` | *(none)* |
| `token_ttl` | 3600 |
"""


def i18n(g):
    lang = g.c(["de", "fr", "es", "nl", "it"])
    words = {"de": ("Passwort", "Geheimnis", "Zugangstoken"), "fr": ("Mot de passe", "Secret", "Jeton"),
             "es": ("Contraseña", "Secreto", "Token de acceso"), "nl": ("Wachtwoord", "Geheim", "Toegangstoken"),
             "it": ("Password", "Segreto", "Token di accesso")}[lang]
    return json.dumps({"login": {"password": words[0], "passwordHint": "Mindestens 12 Zeichen", "secret": words[1],
                                 "token": words[2], "apiKey": "API-Schlüssel", "forgotPassword": "?"}},
                      ensure_ascii=False, indent=2) + "\n"


def html_form(g):
    return f"""<form method="post" action="/login">
  <input type="text" name="username" autocomplete="username">
  <input type="password" name="password" id="password" placeholder="Password" autocomplete="current-password">
  <input type="hidden" name="csrf_token" value="{{{{ csrf_token() }}}}">
  <img alt="logo" src="data:image/png;base64,{g.b64(g.i(200, 3000))}">
</form>
"""


def sql_dump(g):
    rows = []
    for n in range(g.i(20, 80)):
        salt = g.chars(22, ALNUM + "./")
        rows.append(f"({n}, '{g.w()}{n}@example.com', '$2b$12${salt}{g.chars(31, ALNUM + './')}', '{g.uuid()}')")
    return "INSERT INTO users (id, email, password_hash, api_key_id) VALUES\n" + ",\n".join(rows) + ";\n"


def fixture_json(g):
    items = []
    for _ in range(g.i(5, 30)):
        items.append({"id": g.uuid(), "sha": g.sha(40), "etag": '"' + g.sha(32) + '"', "next_page_token": g.b64(24),
                      "token_type": "bearer", "password": "********", "avatar": "data:image/gif;base64," + g.b64(60)})
    return json.dumps({"items": items}, indent=1) + "\n"


def log_file(g):
    lines = []
    for n in range(g.i(200, 1500)):
        lines.append(f"2026-11-{g.i(1, 28):02d}T{g.i(0, 23):02d}:{g.i(0, 59):02d}:{g.i(0, 59):02d}Z "
                     f"{g.c(['INFO', 'DEBUG', 'WARN'])} req={g.uuid()} user={g.w()}{g.i(1, 999)} "
                     f"{g.c(['login ok', 'token refreshed (redacted)', 'password reset requested', 'GET /api/' + g.w(), 'cache miss ' + g.sha(16)])} "
                     f"trace={g.sha(32)}")
    return "\n".join(lines) + "\n"


def public_material(g):
    cert = "\n".join(g.b64(48) for _ in range(g.i(15, 25)))
    return (f"-----BEGIN CERTIFICATE-----\n{cert}\n-----END CERTIFICATE-----\n"
            f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.chars(43, ALNUM + '+/')} {g.w()}@{g.w()}\n"
            f"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{g.chars(340, ALNUM + '+/')} deploy@ci\n")


def svg(g):
    pts = " ".join(f"{g.i(0, 999)}.{g.i(0, 99)},{g.i(0, 999)}.{g.i(0, 99)}" for _ in range(g.i(50, 400)))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000"><path d="M{pts}Z"/></svg>\n'


# --- lock files and bundles ----------------------------------------------------------------------

def package_lock(g):
    pk = {}
    for _ in range(g.i(80, 400)):
        name = g.c(PKGS) + ("" if g.i(0, 3) else "-" + g.w())
        v = g.version()
        pk[f"node_modules/{name}"] = {"version": v, "resolved": f"https://registry.npmjs.org/{name}/-/{name}-{v}.tgz",
                                     "integrity": "sha512-" + g.b64(64), "dev": bool(g.i(0, 1))}
    return json.dumps({"name": g.w(), "lockfileVersion": 3, "requires": True, "packages": pk}, indent=2) + "\n"


def yarn_lock(g):
    out = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n"]
    for _ in range(g.i(80, 300)):
        name, v = g.c(PKGS), g.version()
        out.append(f'\n"{name}@^{v}":\n  version "{v}"\n  resolved "https://registry.yarnpkg.com/{name}/-/{name}-{v}.tgz#{g.sha(40)}"\n  integrity sha512-{g.b64(64)}\n')
    return "".join(out)


def poetry_lock(g):
    out = []
    for _ in range(g.i(30, 120)):
        name, v = g.w() + "-" + g.w(), g.version()
        out.append(f'[[package]]\nname = "{name}"\nversion = "{v}"\noptional = false\nfiles = [\n'
                   f'    {{file = "{name}-{v}-py3-none-any.whl", hash = "sha256:{g.sha(64)}"}},\n'
                   f'    {{file = "{name}-{v}.tar.gz", hash = "sha256:{g.sha(64)}"}},\n]\n\n')
    return "".join(out) + f'[metadata]\ncontent-hash = "{g.sha(64)}"\n'


def cargo_lock(g):
    return "".join(f'[[package]]\nname = "{g.w()}-{g.w()}"\nversion = "{g.version()}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{g.sha(64)}"\n\n'
                   for _ in range(g.i(40, 200)))


def go_sum(g):
    out = []
    for _ in range(g.i(40, 200)):
        mod, v = f"github.com/{g.w()}/{g.w()}", "v" + g.version()
        out.append(f"{mod} {v} h1:{g.b64(32)}\n{mod} {v}/go.mod h1:{g.b64(32)}\n")
    return "".join(out)


def gemfile_lock(g):
    specs = "".join(f"    {g.w()}-{g.w()} ({g.version()})\n" for _ in range(g.i(30, 120)))
    return f"GEM\n  remote: https://rubygems.org/\n  specs:\n{specs}\nCHECKSUMS\n" + "".join(
        f"  {g.w()} ({g.version()}) sha256={g.sha(64)}\n" for _ in range(g.i(20, 60)))


def minified(g, size):
    out = ["!function(e,t){\"use strict\";"]
    n = 0
    while n < size:
        k = g.i(0, 5)
        if k == 0:
            s = f"var {g.chars(2, string.ascii_letters)}=\"data:image/png;base64,{g.b64(g.i(300, 4000))}\";"
        elif k == 1:
            s = f"e.exports={{id:\"{g.uuid()}\",hash:\"{g.sha(20)}\",v:\"{g.version()}\"}};"
        elif k == 2:
            s = f"function {g.chars(1, string.ascii_lowercase)}(e){{return e.password?e.password.length>=8:!1}}"
        elif k == 3:
            s = f"t.headers.Authorization=\"Bearer \"+n.token,t.apiKey=r.apiKey||\"\";"
        elif k == 4:
            s = f"var {g.chars(1, string.ascii_lowercase)}=\"{g.chars(g.i(20, 60), ALNUM + '_$')}\";"
        else:
            s = f"{g.chars(1, string.ascii_lowercase)}.prototype.{g.w()}=function(e){{return this._{g.w()}(e,{g.i(0, 999)})}};"
        out.append(s)
        n += len(s)
    return "".join(out) + "}(window);\n"


SMALL = [
    ("src/{w}/{w}_{n}.py", python_file, 14), ("web/src/{w}/{c}.js", js_file, 10), ("web/src/{w}/{c}.ts", js_file, 6),
    ("services/{w}/src/main/java/com/acme/{c}.java", java_file, 12), ("cmd/{w}/{w}_{n}.go", go_file, 6),
    ("dotnet/{c}/{c}.cs", cs_file, 4), ("app/{w}/{w}_{n}.rb", ruby_file, 3), ("php/config/{w}_{n}.php", php_file, 2),
    ("scripts/{w}_{n}.sh", shell_file, 2), ("deploy/{w}/.env.example", env_example, 1),
    ("services/{w}/src/main/resources/application-{w}.yml", spring_yaml, 2), ("deploy/{w}/docker-compose.yml", compose, 1),
    ("k8s/{w}/{w}-{n}.yaml", k8s, 3), ("ansible/{w}/{w}.yml", ansible, 1), ("infra/{w}/{w}.tf", terraform, 2),
    ("services/{w}/src/main/resources/{w}.properties", properties, 1), ("app/config/database_{n}.yml", erb_config, 1),
    ("etc/{w}_{n}.ini", ini, 1), (".github/workflows/{w}_{n}.yml", github_workflow, 1), ("web/{w}_{n}/.npmrc", npmrc, 0.3),
    ("tools/{w}/.docker/config.json", docker_config, 0.3), ("docs/{w}/{w}_{n}.md", markdown, 4),
    ("web/locales/{w}_{n}.json", i18n, 2), ("web/templates/{w}_{n}.html", html_form, 3), ("db/dumps/{w}_{n}.sql", sql_dump, 3),
    ("tests/fixtures/{w}_{n}.json", fixture_json, 5), ("logs/{w}_{n}.log", log_file, 4), ("certs/{w}_{n}.pem", public_material, 1),
    ("web/assets/{w}_{n}.svg", svg, 2),
    ("web/{w}_{n}/package-lock.json", package_lock, 5), ("web/{w}_{n}/yarn.lock", yarn_lock, 3),
    ("py/{w}_{n}/poetry.lock", poetry_lock, 2), ("rust/{w}_{n}/Cargo.lock", cargo_lock, 1), ("cmd/{w}_{n}/go.sum", go_sum, 2),
    ("app/{w}_{n}/Gemfile.lock", gemfile_lock, 1),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=50, help="approximate size in MiB (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="folder to create (must not exist unless --force)")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = ap.parse_args()
    if args.size_mb <= 0:
        ap.error("--size-mb must be positive")
    if os.path.exists(args.out):
        if not args.force:
            ap.error(f"{args.out} exists (use --force)")
        shutil.rmtree(args.out)
    g = G(args.seed)
    target = int(args.size_mb * 1048576)
    bundle_bytes = target // 10  # minified bundles: a tenth of the corpus, long lines
    kinds = [k for k in SMALL]
    weights = [k[2] for k in SMALL]
    written, files, counter = 0, 0, 0
    paths = set()

    def put(path, text):
        nonlocal written, files
        full = os.path.join(args.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
        written += len(text.encode("utf-8"))
        files += 1

    while bundle_bytes > 0:
        size = min(bundle_bytes, g.i(200_000, 2_000_000))
        put(f"web/dist/{g.w()}.{g.sha(8)}.min.js", minified(g, size))
        bundle_bytes -= size
    while written < target:
        template, fn, _ = g.r.choices(kinds, weights)[0]
        counter += 1
        path = template.format(w=g.w(), c=g.camel(), n=counter)
        if path in paths:
            continue
        paths.add(path)
        put(path, fn(g))
    print(f"gen_clean_corpus: {files} files, {written / 1048576:.1f} MiB -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
