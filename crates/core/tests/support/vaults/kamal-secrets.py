#!/usr/bin/env python3
"""Reads a .kamal/secrets file the way Kamal 2.12.0 does, for the test recorders standing in for
bin/kamal, and prints NAME=value per line (a value's newlines as \\n).

Read from Kamal's source (lib/kamal/secrets.rb, lib/kamal/secrets/dotenv/
inline_command_substitution.rb, lib/kamal/cli/secrets.rb, lib/kamal/secrets/adapters/*.rb at
v2.12.0) and dotenv 3.2's parser: each line is KEY=VALUE; an unquoted value ends at '#'; command
substitution runs first, with $VAR / ${VAR} in the command expanded from the keys above and then
the environment; a command starting with `kamal secrets` runs in-process (split like a shell,
`--inline` appended), anything else in sh; then variables in the value are expanded. `fetch
--inline` returns the fetched JSON shell-escaped, `extract` finds a key exactly or by the suffix
/NAME. The adapters run the vault CLIs found on PATH with exactly the command lines Kamal builds,
and fail with Kamal's messages where Kamal fails. Only what the generated files use is modelled
(1password, bitwarden-sm, aws_secrets_manager, gcp, doppler); anything else is an error here.
"""
import base64
import json
import os
import re
import shlex
import subprocess
import sys


class KamalError(Exception):
    pass


def sh(command):
    """Ruby backticks: sh -c, stdout captured, stderr to the terminal."""
    done = subprocess.run(["sh", "-c", command], stdout=subprocess.PIPE, text=True)
    return done.returncode, done.stdout


def shellescape(text):
    """Ruby's String#shellescape."""
    if text == "":
        return "''"
    escaped = re.sub(r"([^A-Za-z0-9_\-.,:+/@\n])", r"\\\1", text)
    return escaped.replace("\n", "'\n'")


def dump(text):
    """Ruby's String#dump for the plain strings Kamal quotes."""
    return json.dumps(text)


def prefixed(names, source):
    return [f"{source}/{n}" if source else n for n in names]


def one_password(names, account, source):
    if account is None:
        print("No value provided for required options '--account'")
        raise KamalError("undefined method 'chomp' for nil (NoMethodError)")
    if sh("op --version 2> /dev/null")[0] != 0:
        raise KamalError("1Password CLI is not installed")
    session = None
    if sh(f"op account get --account {shellescape(account)} 2> /dev/null")[0] != 0:
        code, out = sh(f'op signin --account {dump(account)} --force --raw')
        if code != 0:
            raise KamalError("Failed to login to 1Password")
        session = out
    items = {}
    for name in prefixed(names, source):
        name = name.removeprefix("op://")
        vault, item, *fields = name.split("/")
        fields = fields or ["password"]
        items.setdefault((vault, item), []).append(".".join(fields))
    results = {}
    for (vault, item), labels in items.items():
        command = f"op item get {shellescape(item)} --vault {dump(vault)} --format {dump('json')} --account {dump(account)}"
        if session:
            command += f" --session {dump(session)}"
        command += " --fields " + dump(",".join(f"label={label}" for label in labels))
        code, out = sh(command)
        if code != 0:
            raise KamalError(f"Could not read {', '.join(labels)} from {item} in the {vault} 1Password vault")
        fields = json.loads(out)
        if isinstance(fields, dict):
            fields = [fields]
        for field in fields:
            key = field["reference"].removeprefix("op://").removesuffix("/password")
            results[key] = field["value"]
    return results


def bitwarden_sm(names, account, source):
    if sh("bws --version 2> /dev/null")[0] != 0:
        raise KamalError("Bitwarden Secrets Manager CLI is not installed")
    if sh("bws project list")[0] != 0:
        raise KamalError("Could not authenticate to Bitwarden Secrets Manager. Did you set a valid access token?")
    if not names:
        raise KamalError("You must specify what to retrieve from Bitwarden Secrets Manager")
    names = prefixed(names, source)
    results = {}
    if names == ["all"] or (len(names) == 1 and names[0].endswith("/all")):
        command = "bws secret list"
        if names[0] != "all":
            command += " " + shellescape(names[0].removesuffix("/all"))
        code, out = sh(command)
        if code != 0:
            raise KamalError("Could not read secrets from Bitwarden Secrets Manager")
        for secret in json.loads(out):
            results[secret["key"]] = secret["value"]
        return results
    for name in names:
        code, out = sh(f"bws secret get {shellescape(name)}")
        if code != 0:
            raise KamalError(f"Could not read {name} from Bitwarden Secrets Manager")
        secret = json.loads(out)
        results[secret["key"]] = secret["value"]
    return results


def aws_secrets_manager(names, account, source):
    if sh("aws --version 2> /dev/null")[0] != 0:
        raise KamalError("AWS CLI is not installed")
    args = ["aws", "secretsmanager", "batch-get-secret-value", "--secret-id-list"]
    args += [shellescape(n) for n in prefixed(names, source)]
    if account:
        args += ["--profile", shellescape(account)]
    args += ["--output", "json"]
    code, out = sh(" ".join(args))
    if code != 0:
        raise KamalError(f"Could not read {out} from AWS Secrets Manager")
    reply = json.loads(out)
    if reply.get("Errors"):
        raise KamalError(" ".join(f"{e['SecretId']}: {e['Message']}" for e in reply["Errors"]))
    results = {}
    for secret in reply["SecretValues"]:
        name, text = secret["Name"], secret["SecretString"]
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            results[name] = text
            continue
        if isinstance(value, dict):
            for key, v in value.items():
                results[f"{name}/{key}"] = v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))
        else:
            results[name] = value if isinstance(value, str) else json.dumps(value)
    return results


def doppler(names, account, source):
    if sh("doppler --version 2> /dev/null")[0] != 0:
        raise KamalError("Doppler CLI is not installed")
    if sh("doppler me --json 2> /dev/null")[0] != 0:
        if sh("doppler login -y")[0] != 0:
            raise KamalError("Failed to login to Doppler")
    names = prefixed(names, source)
    token = os.environ.get("DOPPLER_TOKEN", "")
    flags = ""
    if not token.startswith("dp.st"):
        project, config, *_ = names[0].split("/") + [None, None]
        if not project or not config:
            raise KamalError("Missing project or config from '--from=project/config' option")
        flags = f"-p {project} -c {config}"
    bare = " ".join(shellescape(n.split("/")[-1]) for n in names)
    code, out = sh(f"doppler secrets get {bare} --json {flags}")
    if code != 0:
        raise KamalError(f"Could not read {names} from Doppler")
    return {k: v["computed"] for k, v in json.loads(out).items()}


def gcp_secret_manager(names, account, source):
    if account is None:
        print("No value provided for required options '--account'")
        raise KamalError("undefined method 'chomp' for nil (NoMethodError)")
    if sh("gcloud --version 2> /dev/null")[0] != 0:
        raise KamalError("gcloud CLI is not installed")
    def logged_in():
        try:
            return bool(json.loads(sh("gcloud auth list --format=json")[1]))
        except json.JSONDecodeError as e:
            raise KamalError(f"unexpected token (JSON::ParserError): {e}")
    if not logged_in():
        sh("gcloud auth login")
        if not logged_in():
            raise KamalError("could not login to gcloud")
    user, _, impersonate = account.partition("|")
    results = {}
    for name in prefixed(names, source):
        parts = name.split("/")
        if len(parts) == 1:
            parts = ["default"] + parts
        project, secret, version = (parts + ["latest"])[:3]
        command = f"gcloud secrets versions access {shellescape(version)} --secret={shellescape(secret)}"
        if project != "default":
            command += f" --project={shellescape(project)}"
        if user != "default":
            command += f" --account={shellescape(user)}"
        if impersonate:
            command += f" --impersonate-service-account={shellescape(impersonate)}"
        command += " --format=json"
        code, out = sh(command)
        try:
            reply = json.loads(out)
        except json.JSONDecodeError as e:
            raise KamalError(f"unexpected end of input (JSON::ParserError): {e}")
        if code != 0:
            raise KamalError(f"Could not read {project}/{secret} from Google Secret Manager")
        results[f"{project}/{secret}"] = base64.b64decode(reply["payload"]["data"]).decode()
    return results


ADAPTERS = {
    "gcp": gcp_secret_manager,
    "gcp_secret_manager": gcp_secret_manager,
    "1password": one_password,
    "one_password": one_password,
    "bitwarden-sm": bitwarden_sm,
    "bitwarden_secrets_manager": bitwarden_sm,
    "aws_secrets_manager": aws_secrets_manager,
    "doppler": doppler,
}


def secrets_command(argv):
    """`kamal secrets fetch|extract ... --inline`, as Kamal::Cli::Secrets runs it."""
    verb, rest = argv[0], argv[1:]
    options, positional = {}, []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg in ("--adapter", "-a", "--account", "--from"):
            options["adapter" if arg == "-a" else arg.lstrip("-")] = rest[i + 1]
            i += 2
        elif arg == "--inline":
            i += 1
        elif arg.startswith("-"):
            raise KamalError(f"unknown option {arg} (not modelled)")
        else:
            positional.append(arg)
            i += 1
    if verb == "fetch":
        adapter = options.get("adapter")
        if adapter not in ADAPTERS:
            raise KamalError(f"Unknown secrets adapter: {adapter}")
        results = ADAPTERS[adapter](positional, options.get("account"), options.get("from"))
        return shellescape(json.dumps(results, separators=(",", ":")))
    if verb == "extract":
        name, text = positional[0], positional[1]
        secrets = json.loads(text)
        if secrets.get(name) is not None:
            return secrets[name]
        for key, value in secrets.items():
            if key.endswith(f"/{name}"):
                return value
        raise KamalError(f"Could not find secret {name}")
    raise KamalError(f"kamal secrets {verb} is not modelled")


VARIABLE = re.compile(r"(\\)?(\$)(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))")


def expand(text, known):
    def sub(m):
        if m.group(1):
            return m.group(0)[1:]
        name = m.group(3) or m.group(4)
        return known.get(name, os.environ.get(name, ""))
    return VARIABLE.sub(sub, text)


def commands(text, known):
    """Balanced $( ... ) substitution, Kamal's class in place of dotenv's."""
    out, i = "", 0
    while i < len(text):
        if text.startswith("$(", i) and (i == 0 or text[i - 1] != "\\"):
            depth, j = 1, i + 2
            while j < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            command = expand(text[i + 2:j - 1], known)
            if re.match(r"\A\s*kamal\s*secrets\s+", command):
                out += secrets_command(shlex.split(command)[2:] + ["--inline"]).rstrip("\n")
            else:
                out += sh(command)[1].removesuffix("\n")
            i = j
        else:
            out += text[i]
            i += 1
    return out


def parse(path):
    known = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$", line)
        if not m:
            raise KamalError(f"cannot parse line: {line}")
        name, value = m.group(1), m.group(2)
        if value.startswith("'") and value.endswith("'") and len(value) > 1:
            known[name] = value[1:-1]
            continue
        if value.startswith('"') and value.endswith('"') and len(value) > 1:
            value = value[1:-1]
        else:
            value = value.split("#", 1)[0].rstrip()
        value = re.sub(r"\\([^$])", r"\1", value)
        known[name] = expand(commands(value, known), known)
    return known


def main():
    try:
        for name, value in parse(sys.argv[1]).items():
            print(f"{name}={value}".replace("\n", "\\n"))
    except KamalError as e:
        print(f"  ERROR (RuntimeError): {e}")
        sys.exit(1)


if __name__ == "__main__":
    main()
