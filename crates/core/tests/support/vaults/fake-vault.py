#!/usr/bin/env python3
"""Stands in for the vault CLIs Kamal's adapters run (op, bws, aws, gcloud, doppler), installed under
each of those names. It accepts exactly the command lines Kamal 2.12.0 builds (anything else
fails, printing what it got) and answers in the JSON shape the real CLI prints, with values that
name what was asked and with which credential:

    op[TOKEN]:VAULT/ITEM/LABEL      bws[TOKEN]:PROJECT-or-all/KEY
    aws[KEY-ID]:SECRET/FIELD        doppler[TOKEN]:PROJECT/CONFIG/NAME
(aws also takes the backup's `s3 cp FILE s3://BUCKET/KEY --only-show-errors`, into $FAKE_S3.)
    gcp[ACCOUNT]:PROJECT/SECRET

so a wrong item, field or token reaches Kamal as a wrong value. Without its credential in the
environment each CLI fails the way Kamal's login check sees it. bws and aws answer for the keys
listed in FAKE_BWS_KEYS / FAKE_AWS_FIELDS (what the vault holds: the test's world, not the
generator's output); an AWS secret without listed fields is plain text.
"""
import base64
import json
import os
import sys

# Called by name (a link named op, bws, aws or doppler), or through a wrapper that names it.
cli = os.environ.get("FAKE_CLI") or os.path.basename(sys.argv[0])
args = sys.argv[1:]


def fail(message, code=1):
    print(f"{cli} {' '.join(args)}: {message}", file=sys.stderr)
    sys.exit(code)


def need(variable):
    value = os.environ.get(variable, "")
    if not value:
        fail(f"{variable} is not set", 2)
    return value


def option(name):
    if name not in args:
        fail(f"missing {name}")
    i = args.index(name)
    return args[i + 1]


if args == ["--version"]:
    print(f"{cli} 0.0.0-stand-in")
    sys.exit(0)

if cli == "op":
    token = os.environ.get("OP_SERVICE_ACCOUNT_TOKEN", "")
    if args[:2] == ["account", "get"] and args[2] == "--account" and len(args) == 4:
        sys.exit(0 if token else 1)
    if args[:1] == ["signin"]:
        fail("signin needs a terminal (no service account token)", 1)
    if args[:2] == ["item", "get"]:
        token = need("OP_SERVICE_ACCOUNT_TOKEN")
        item = args[2]
        if option("--format") != "json" or not option("--account"):
            fail("expected --format json --account A")
        vault = option("--vault")
        labels = [f.removeprefix("label=") for f in option("--fields").split(",")]
        fields = []
        for label in labels:
            path = label.replace(".", "/")
            fields.append({
                "id": label, "type": "CONCEALED", "label": label.split(".")[-1],
                "value": f"op[{token}]:{vault}/{item}/{path}",
                "reference": f"op://{vault}/{item}/{path}",
            })
        print(json.dumps(fields[0] if len(fields) == 1 else fields))
        sys.exit(0)

if cli == "bws":
    token = need("BWS_ACCESS_TOKEN")
    keys = [k for k in os.environ.get("FAKE_BWS_KEYS", "").split() if k]
    if args == ["project", "list"]:
        print("[]")
        sys.exit(0)
    if args[:2] == ["secret", "list"] and len(args) <= 3:
        scope = args[2] if len(args) == 3 else "all"
        print(json.dumps([{"key": k, "value": f"bws[{token}]:{scope}/{k}"} for k in keys]))
        sys.exit(0)

if cli == "aws":
    key_id = need("AWS_ACCESS_KEY_ID")
    # The backup's upload: a bucket is a directory under $FAKE_S3; the object records who put it.
    if args[:2] == ["s3", "cp"] and len(args) == 5 and args[4] == "--only-show-errors":
        source, target = args[2], args[3]
        if not target.startswith("s3://") or "/" not in target[5:]:
            fail(f"s3 cp: {target} is not s3://BUCKET/KEY", 252)
        if not os.path.isfile(source):
            fail(f"s3 cp: The user-provided path {source} does not exist.", 255)
        bucket, key = target[5:].split("/", 1)
        out = os.path.join(os.environ["FAKE_S3"], bucket, key)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(source, "rb") as src, open(out, "wb") as dst:
            dst.write(src.read())
        with open(out + ".put-by", "w") as who:
            who.write(key_id)
        sys.exit(0)
    if args[:3] == ["secretsmanager", "batch-get-secret-value", "--secret-id-list"] and args[-2:] == ["--output", "json"]:
        names = args[3:-2]
        if "--profile" in names:
            fail("--profile: a runner has no AWS profile")
        fields = json.loads(os.environ.get("FAKE_AWS_FIELDS", "{}"))
        values = []
        for name in names:
            if name in fields:
                text = json.dumps({f: f"aws[{key_id}]:{name}/{f}" for f in fields[name]})
            else:
                text = f"aws[{key_id}]:{name}"
            values.append({"ARN": f"arn:aws:secretsmanager:::secret:{name}-AbCdEf", "Name": name, "SecretString": text})
        print(json.dumps({"SecretValues": values, "Errors": []}))
        sys.exit(0)

if cli == "gcloud":
    # Logged in by setup-gcloud (its stand-ins write this file with the account).
    login = os.path.join(os.environ.get("HOME", ""), ".config/gcloud/stand-in-login")
    account = open(login).read().strip() if os.path.exists(login) else ""
    if args == ["auth", "list", "--format=json"]:
        print(json.dumps([{"account": account, "status": "ACTIVE"}] if account else []))
        sys.exit(0)
    if args == ["auth", "login"]:
        fail("auth login needs a browser")
    if args[:3] == ["secrets", "versions", "access"] and args[-1] == "--format=json":
        if not account:
            fail("You do not currently have an active account selected.")
        version, rest = args[3], args[4:-1]
        secret = next((a.removeprefix("--secret=") for a in rest if a.startswith("--secret=")), None)
        project = next((a.removeprefix("--project=") for a in rest if a.startswith("--project=")), None)
        if secret is None or project is None or len(rest) != 2:
            fail("expected --secret=NAME --project=PROJECT")
        value = f"gcp[{account}]:{project}/{secret}"
        print(json.dumps({"name": f"projects/1/secrets/{secret}/versions/{version}", "payload": {"data": base64.b64encode(value.encode()).decode()}}))
        sys.exit(0)

if cli == "doppler":
    token = os.environ.get("DOPPLER_TOKEN", "")
    if args == ["me", "--json"]:
        sys.exit(0 if token else 1)
    if args[:2] == ["login", "-y"]:
        fail("login needs a browser (no DOPPLER_TOKEN)")
    if args[:2] == ["secrets", "get"] and "--json" in args:
        token = need("DOPPLER_TOKEN")
        i = args.index("--json")
        names, flags = args[2:i], args[i + 1:]
        if token.startswith("dp.st"):
            if flags:
                fail("a service token implies the project and config")
            scope = ""
        else:
            if len(flags) != 4 or flags[0] != "-p" or flags[2] != "-c":
                fail("expected -p PROJECT -c CONFIG")
            scope = f"{flags[1]}/{flags[3]}/"
        print(json.dumps({n: {"computed": f"doppler[{token}]:{scope}{n}", "computedVisibility": "unmasked", "note": ""} for n in names}))
        sys.exit(0)

fail("not a command line Kamal's adapter runs")
