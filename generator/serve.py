"""A small read-only web server for the built site, bound to 127.0.0.1."""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.errors import UsageError

HOST = "127.0.0.1"


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8", ".txt": "text/plain; charset=utf-8"}

    def log_message(self, format: str, *args) -> None:  # quieter, in the server's own words
        sys.stderr.write(f"{self.log_date_time_string()} {self.address_string()} {format % args}\n")

    def do_PUT(self) -> None:
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self._send_body("text/plain; charset=utf-8", "手册网站是只读的。".encode("utf-8"))

    do_POST = do_DELETE = do_PATCH = do_PUT

    def list_directory(self, path):  # no folder listings: only the pages themselves
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            self.send_response(404)
            self._send_body("text/html; charset=utf-8", page.read_bytes())
            return
        super().send_error(code, message, explain)

    def _send_body(self, content_type: str, body: bytes) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(site_dir: Path, port: int) -> ThreadingHTTPServer:
    if not (site_dir / "index.html").exists():
        raise UsageError(f"{site_dir} 中没有网站：请先运行 handbook build")
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except PermissionError:
        raise UsageError(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请用 --port 换一个") from None
    except OSError as exc:
        raise UsageError(f"无法在 {HOST}:{port} 上启动服务：端口可能已被占用，请用 --port 换一个") from None


def serve(site_dir: Path, port: int) -> None:
    server = make_server(site_dir, port)
    print(f"手册网站已启动：http://{HOST}:{server.server_port}/ （按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。", file=sys.stderr)
    finally:
        server.server_close()
