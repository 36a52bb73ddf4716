#!/usr/bin/env bash
# Installs the Debian 12 packages that build, test and demo need (SPEC §2). As root it runs
# apt-get; otherwise it prints the exact command and fails, so nothing is half-installed.
set -euo pipefail

packages=(
	make g++ cmake pkg-config
	postgresql-15 postgresql-server-dev-15 postgresql-contrib libpq-dev
	postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
	postgresql-15-cron
	libfmt-dev rapidjson-dev libgtest-dev libbenchmark-dev
	clang-14 libclang-rt-14-dev valgrind
	libicu-dev
	libcurl4-openssl-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core libqrencode-dev
	python3-aiosmtpd poppler-utils zbar-tools
	libkrb5-dev liblz4-dev libzstd-dev libssl-dev libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev
	libxml2-dev zlib1g-dev # with the line above: what Citus (test/citus/build.sh) links, pg_config --libs
)

missing=()
for package in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$package")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages; install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
