#!/bin/sh
# Installs actionplan from a GitHub release of this repository, on Linux and
# macOS (and Git Bash on Windows): downloads the archive made for this
# machine and the release's SHA256SUMS, refuses the archive unless its
# SHA-256 is the one listed, and puts the `actionplan` program in a folder.
#
#   curl -fsSL https://github.com/OWNER/actionplan/releases/latest/download/install.sh | sh
#   sh install.sh --version v0.2.0 --to ~/.local/bin
#
# Options (or the environment variables in brackets):
#   --version TAG   the release to install, such as v0.2.0 (ACTIONPLAN_VERSION;
#                   default: the latest release)
#   --to DIR        the folder to put actionplan in (ACTIONPLAN_INSTALL_DIR;
#                   default: ~/.local/bin)
#   --repo OWNER/NAME  the repository the release is in (ACTIONPLAN_REPOSITORY)
#   --target TRIPLE the build to install, such as x86_64-unknown-linux-musl
#                   (default: the one for this machine)
# ACTIONPLAN_DOWNLOAD_URL, if set, is the address of the release's files
# instead of GitHub's (a mirror, or a folder as file:///...).
#
# Needs curl or wget, tar (unzip on Windows), and sha256sum or shasum.
# Downloads only over https (or from file:///), and follows no redirect to
# anything else.
#
# Exit status: 0 installed; 3 the release's archive could not be downloaded
# (no such release, or none yet, or no network), nothing installed; 1 any
# other failure, such as an archive that does not match SHA256SUMS.
set -eu

# The release workflow writes the repository the release comes from here, in
# the copy of this script it attaches to each release.
repository="OWNER/actionplan"

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}
# The release is not there to download (as opposed to there but wrong).
unavailable() {
  say "error: $*"
  exit 3
}

repository="${ACTIONPLAN_REPOSITORY:-$repository}"
version="${ACTIONPLAN_VERSION:-latest}"
to="${ACTIONPLAN_INSTALL_DIR:-${HOME:-.}/.local/bin}"
target=""

while [ "$#" -gt 0 ]; do
  case "$1" in
    --version | --to | --repo | --target)
      [ "$#" -ge 2 ] || die "$1 needs a value"
      case "$1" in
        --version) version="$2" ;;
        --to) to="$2" ;;
        --repo) repository="$2" ;;
        --target) target="$2" ;;
      esac
      shift 2
      ;;
    -h | --help)
      echo "usage: install.sh [--version TAG] [--to DIR] [--repo OWNER/NAME] [--target TRIPLE]"
      exit 0
      ;;
    *) die "unknown option \`$1\`; see --help" ;;
  esac
done

# The build made for this machine. Linux builds are static, so they run on
# any distribution; an ARM Mac could run either macOS build.
detect_target() {
  os="$(uname -s)"
  machine="$(uname -m)"
  case "$os" in
    Linux) os=unknown-linux-musl ;;
    Darwin) os=apple-darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=pc-windows-msvc ;;
    *) die "there is no actionplan build for $os; build it with \`cargo install --locked\` instead" ;;
  esac
  case "$machine" in
    x86_64 | amd64) machine=x86_64 ;;
    aarch64 | arm64) machine=aarch64 ;;
    *) die "there is no actionplan build for $machine processors; build it with \`cargo install --locked\` instead" ;;
  esac
  if [ "$os" = pc-windows-msvc ]; then
    # Windows on ARM runs the x86_64 build.
    machine=x86_64
  fi
  printf '%s-%s\n' "$machine" "$os"
}

download() {
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,file' --proto-redir '=https' --tlsv1.2 -fsSL -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    # wget cannot read file:// addresses, nor refuse a redirect to http://;
    # GitHub's redirects are all to https://.
    wget -q -O "$2" "$1"
  else
    die "neither curl nor wget is installed"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    die "neither sha256sum nor shasum is installed, so the download cannot be checked"
  fi
}

[ -n "$target" ] || target="$(detect_target)"
case "$target" in
  *windows*) archive="actionplan-$target.zip" program=actionplan.exe ;;
  *) archive="actionplan-$target.tar.gz" program=actionplan ;;
esac

if [ -n "${ACTIONPLAN_DOWNLOAD_URL:-}" ]; then
  base="$ACTIONPLAN_DOWNLOAD_URL"
elif [ "$version" = latest ]; then
  base="https://github.com/$repository/releases/latest/download"
else
  base="https://github.com/$repository/releases/download/$version"
fi

case "$base" in
  https://* | file:///*) ;;
  *) die "$base is not an https:// (or file:///) address; actionplan is downloaded only over https" ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM

say "downloading $archive ($version) from $base"
download "$base/$archive" "$work/$archive" ||
  unavailable "could not download $base/$archive: is $version a release of $repository with a build for $target?"
download "$base/SHA256SUMS" "$work/SHA256SUMS" ||
  die "could not download $base/SHA256SUMS"

expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/SHA256SUMS")"
[ -n "$expected" ] || die "SHA256SUMS does not list $archive; nothing was installed"
actual="$(sha256_of "$work/$archive")"
if [ "$actual" != "$expected" ]; then
  die "the SHA-256 of $archive is $actual, but SHA256SUMS says $expected; the download is damaged or not the release's, and nothing was installed"
fi

mkdir "$work/unpacked"
case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
built="$work/unpacked/actionplan-$target/$program"
[ -f "$built" ] || die "$archive does not hold actionplan-$target/$program; nothing was installed"

# Copy beside the old program, then rename over it, so that an interrupted
# install never leaves half a program.
mkdir -p "$to"
cp "$built" "$to/.$program.new"
chmod 755 "$to/.$program.new"
mv -f "$to/.$program.new" "$to/$program"

say "installed $("$to/$program" --version 2>/dev/null || echo actionplan) in $to"
case ":${PATH:-}:" in
  *":$to:"*) ;;
  *) say "$to is not on your PATH: add it (for example in ~/.profile: export PATH=\"$to:\$PATH\")" ;;
esac
