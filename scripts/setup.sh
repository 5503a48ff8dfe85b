#!/usr/bin/env bash
# Installs everything the handbook generator needs, idempotently:
#   Python virtual environment in .venv with the package and its dependencies,
#   and the Debian packages that some features (and, with --test, the tests) need.
# Usage: scripts/setup.sh [--test]   (--test also installs the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "用法：scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*" >&2; }

# Debian packages each feature needs; installed only when missing.
# PDFs (handbook pdf, handbook booklet, the booklets of handbook build): LibreOffice converts
# the Word files; the Chinese fonts that generator/render/fonts.conf maps the official font
# names to (Noto Serif/Sans CJK SC for 仿宋/小标宋/黑体/宋体, AR PL UKai for 楷体).
SYSTEM_PACKAGES=(libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai)
# browser tests: Debian's chromium (Playwright drives it); poppler's pdftoppm, pdftotext and
# pdffonts render and measure the PDFs
TEST_SYSTEM_PACKAGES=(chromium poppler-utils)

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    say "缺少系统软件包：${missing[*]}（本机没有 apt-get，请手动安装）"; return 1
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "安装系统软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  apt_install python3 python3-venv >&2 && echo python3
}

if [ ${#SYSTEM_PACKAGES[@]} -gt 0 ]; then apt_install "${SYSTEM_PACKAGES[@]}"; fi
if [ "$want_test" = 1 ] && [ ${#TEST_SYSTEM_PACKAGES[@]} -gt 0 ]; then apt_install "${TEST_SYSTEM_PACKAGES[@]}"; fi

if [ ! -x .venv/bin/python ]; then
  PY=$(pick_python) || { say "需要 Python 3.11 或更高版本"; exit 1; }
  say "创建虚拟环境 .venv（$($PY --version)）"
  if ! "$PY" -m venv .venv 2>/dev/null; then
    apt_install python3-venv
    rm -rf .venv && "$PY" -m venv .venv
  fi
fi

extras=""; [ "$want_test" = 1 ] && extras="[test]"
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "安装 Python 依赖$extras"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" >&2 || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras" 2>&1 | grep -v "is ignored" >&2 || true
  .venv/bin/python -c "import generator, pydantic, click, yaml, openpyxl" || { say "Python 依赖安装失败"; exit 1; }
  touch "$stamp"
fi
