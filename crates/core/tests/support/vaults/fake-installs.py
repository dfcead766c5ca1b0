#!/usr/bin/env python3
"""Stands in for curl, gpg and cargo in the vault CLI install steps (installed under those
names). Only the downloads those steps make exist, as on the real hosts at the pinned versions;
anything else fails as the real tool does offline or on a 404:

- curl -fsSL --retry 3 -o OUT URL: Doppler's release tarball (holding a doppler that runs the
  vault stand-in), its detached signature, and Doppler's release-signing key at the pinned
  commit. Other URLs: exit 22, as curl -f does on a 404.
- gpg --encrypt (the backup's): this machine's gpg, for real.
- gpg: --import of that key, --with-colons --list-keys, --verify SIG FILE. A signature here is
  the signing key's fingerprint and the SHA-256 of what it signs, so a changed tarball, another
  key or a missing import fails as a real BAD signature would.
- cargo install bws --version 2.1.0 [--locked] --root DIR: DIR/bin/bws running the stand-in.
"""
import gzip
import hashlib
import io
import os
import sys
import tarfile

cli = os.environ.get("FAKE_CLI") or os.path.basename(sys.argv[0])
args = sys.argv[1:]
DOPPLER = "3.76.1"
KEY_COMMIT = "4f4dd1776ed5d256587d835558f4ff2397849697"
FINGERPRINT = "B70BD7FCA460C4A3D0EEB965D3D593D50EE79DEC"
RELEASE = f"https://github.com/DopplerHQ/cli/releases/download/{DOPPLER}/doppler_{DOPPLER}_linux_amd64.tar.gz"
KEY_URL = f"https://raw.githubusercontent.com/DopplerHQ/cli/{KEY_COMMIT}/keys/publickey.gpg"


def fail(message, code=1):
    print(f"{cli}: {message}", file=sys.stderr)
    sys.exit(code)


def wrapper(name):
    return f'#!/bin/bash\nFAKE_CLI={name} exec python3 "$FAKE_VAULT" "$@"\n'.encode()


def doppler_tarball():
    """The same bytes every time (the signature is over them): fixed mtimes, gzip's included."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data, mode in [("doppler", wrapper("doppler"), 0o755), ("README.md", b"Doppler CLI\n", 0o644)]:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(out.getvalue(), mtime=0)


def signature(data, fingerprint=FINGERPRINT):
    return f"stand-in signature\n{fingerprint}\n{hashlib.sha256(data).hexdigest()}\n".encode()


if cli == "curl":
    if len(args) != 6 or args[:3] != ["-fsSL", "--retry", "3"] or args[3] != "-o":
        fail(f"unexpected arguments {args}", 2)
    out, url = args[4], args[5]
    files = {
        RELEASE: doppler_tarball,
        RELEASE + ".sig": lambda: signature(doppler_tarball()),
        KEY_URL: lambda: f"stand-in public key\n{FINGERPRINT}\n".encode(),
    }
    if url not in files:
        fail(f"(22) The requested URL returned error: 404 ({url})", 22)
    with open(out, "wb") as f:
        f.write(files[url]())
    sys.exit(0)

if cli == "gpg" and "--encrypt" in args:
    # Encrypting (the backup) is this machine's real gpg: its output is decrypted by the tests.
    os.execv("/usr/bin/gpg", ["gpg"] + args)

if cli == "gpg":
    home = os.environ.get("GNUPGHOME") or fail("GNUPGHOME is not set (the stand-in keeps no default keyring)")
    if not os.path.isdir(home):
        fail(f"keybox '{home}/pubring.kbx' could not be created: no such directory", 2)
    keyring = os.path.join(home, "stand-in-keys")
    flags = [a for a in args if a in ("--batch", "--quiet")]
    rest = [a for a in args if a not in flags]
    if rest[:1] == ["--import"] and len(rest) == 2:
        text = open(rest[1], "rb").read().decode(errors="replace").split("\n")
        if text[0] != "stand-in public key":
            fail("no valid OpenPGP data found.", 2)
        with open(keyring, "a") as f:
            f.write(text[1] + "\n")
        sys.exit(0)
    keys = open(keyring).read().split() if os.path.exists(keyring) else []
    if rest == ["--with-colons", "--list-keys"]:
        for key in keys:
            print(f"pub:-:4096:1:{key[-16:]}:1572603611:1887963611::-:::scESC::::::23::0:")
            print(f"fpr:::::::::{key}:")
        sys.exit(0)
    if rest[:1] == ["--verify"] and len(rest) == 3:
        sig = open(rest[1], "rb").read().decode(errors="replace").split("\n")
        data = open(rest[2], "rb").read()
        if sig[0] != "stand-in signature" or sig[1] not in keys:
            fail("Can't check signature: No public key", 2)
        if sig[2] != hashlib.sha256(data).hexdigest():
            fail(f'BAD signature from "DopplerHQ <support@doppler.com>" [{sig[1]}]', 1)
        print(f'gpg: Good signature from "DopplerHQ <support@doppler.com>"', file=sys.stderr)
        sys.exit(0)
    fail(f"unexpected arguments {args}", 2)

if cli == "cargo":
    if args[:2] != ["install", "bws"]:
        fail(f"unexpected arguments {args}", 101)
    rest = [a for a in args[2:] if a != "--locked"]
    if len(rest) != 4 or rest[0] != "--version" or rest[2] != "--root":
        fail(f"unexpected arguments {args}", 101)
    if rest[1] != "2.1.0":
        fail(f"error: could not find `bws` in registry `crates-io` with version `={rest[1]}`", 101)
    bin_dir = os.path.join(rest[3], "bin")
    os.makedirs(bin_dir, exist_ok=True)
    path = os.path.join(bin_dir, "bws")
    with open(path, "wb") as f:
        f.write(wrapper("bws"))
    os.chmod(path, 0o755)
    print("  Installed package `bws v2.1.0` (executable `bws`)", file=sys.stderr)
    sys.exit(0)

fail("not a stand-in for this tool")
