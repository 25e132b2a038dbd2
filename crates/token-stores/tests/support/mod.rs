//! A real `redis-server` for the tests: on a free 127.0.0.1 port, in its
//! own temporary folder, without persistence, killed on drop.
//!
//! `cargo xtask test` starts one server and exports `REDIS_URL`; tests that
//! do not stop or reconfigure the server use it ([`Redis::shared`]), the
//! others start their own. Without `redis-server` on the `PATH` (or in
//! `REDIS_SERVER_BIN`) the tests print why and pass without running.
#![allow(dead_code, unreachable_pub)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `redis-server` binary, if there is one.
pub fn redis_server_bin() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("REDIS_SERVER_BIN") {
        return Some(PathBuf::from(bin));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("redis-server"))
            .find(|p| p.is_file())
    })
}

/// A `redis-server` child process.
pub struct RedisServer {
    bin: PathBuf,
    port: u16,
    password: Option<String>,
    /// TLS only (no plain port), with the certificates in `dir`.
    tls: bool,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server, or prints why not and returns `None`.
    pub fn start(test: &str) -> Option<Self> {
        Self::start_with_password(test, None)
    }

    /// Starts a server that requires `password`.
    pub fn start_with_password(test: &str, password: Option<&str>) -> Option<Self> {
        let Some(bin) = redis_server_bin() else {
            eprintln!(
                "SKIPPED {test}: no redis-server on PATH (apt-get install redis-server, or set REDIS_SERVER_BIN)"
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("temporary folder");
        let port = free_port();
        let mut server = Self {
            bin,
            port,
            password: password.map(str::to_owned),
            tls: false,
            dir,
            child: None,
        };
        server.spawn();
        Some(server)
    }

    /// Starts a TLS-only server with a certificate for `localhost` and
    /// 127.0.0.1 from a new test CA; returns it with the CA's PEM. `None`
    /// (with a printed reason) without `redis-server` or `openssl`.
    pub fn start_tls(test: &str) -> Option<(Self, Vec<u8>)> {
        let bin = redis_server_bin().or_else(|| {
            eprintln!("SKIPPED {test}: no redis-server on PATH");
            None
        })?;
        let dir = tempfile::tempdir().expect("temporary folder");
        let openssl = |args: &[&str]| {
            Command::new("openssl")
                .args(args)
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        std::fs::write(
            dir.path().join("ext.cnf"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .expect("write ext.cnf");
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        let made = openssl(
            &[
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "1",
                    "-subj",
                    "/CN=token-stores test CA",
                ],
            ]
            .concat(),
        ) && openssl(
            &[
                &["req"][..],
                &ec,
                &[
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=localhost",
                ],
            ]
            .concat(),
        ) && openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "1",
            "-extfile",
            "ext.cnf",
        ]);
        if !made {
            eprintln!("SKIPPED {test}: cannot make test certificates with openssl");
            return None;
        }
        let ca = std::fs::read(dir.path().join("ca.pem")).expect("read ca.pem");
        let mut server = Self {
            bin,
            port: free_port(),
            password: None,
            tls: true,
            dir,
            child: None,
        };
        server.spawn();
        Some((server, ca))
    }

    fn spawn(&mut self) {
        let mut cmd = Command::new(&self.bin);
        if self.tls {
            let file = |name: &str| self.dir.path().join(name);
            cmd.args(["--port", "0", "--tls-port", &self.port.to_string()])
                .arg("--tls-cert-file")
                .arg(file("server.pem"))
                .arg("--tls-key-file")
                .arg(file("server.key"))
                .arg("--tls-ca-cert-file")
                .arg(file("ca.pem"))
                .args(["--tls-auth-clients", "no"]);
        } else {
            cmd.args(["--port", &self.port.to_string()]);
        }
        cmd.args(["--bind", "127.0.0.1"])
            .arg("--dir")
            .arg(self.dir.path())
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(p) = &self.password {
            cmd.args(["--requirepass", p]);
        }
        let child = cmd.spawn().expect("spawn redis-server");
        self.child = Some(child);
        if self.tls {
            wait_until_listening(self.port);
        } else {
            wait_until_ready(self.port, self.password.as_deref());
        }
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>` (no password in it).
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server (SIGKILL) and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port (empty: no persistence).
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The server a test uses: the one in `REDIS_URL`, or its own.
pub enum Redis {
    /// Started by `cargo xtask test`.
    External(String),
    /// Started by this test.
    Own(RedisServer),
}

impl Redis {
    /// `REDIS_URL`'s server, or a new one; `None` (with a printed reason)
    /// when there is neither.
    pub fn shared(test: &str) -> Option<Self> {
        match std::env::var("REDIS_URL") {
            Ok(url) if !url.is_empty() => Some(Redis::External(url)),
            _ => RedisServer::start(test).map(Redis::Own),
        }
    }

    /// The server's URL.
    pub fn url(&self) -> String {
        match self {
            Redis::External(url) => url.clone(),
            Redis::Own(server) => server.url(),
        }
    }
}

/// A prefix no other test (or run) uses, so tests can share one server.
pub fn unique_prefix(test: &str) -> String {
    format!(
        "test:{test}:{}:{:08x}:",
        std::process::id(),
        fastrand::u32(..)
    )
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// Waits until the server answers PING (AUTH first when it needs one).
fn wait_until_ready(port: u16, password: Option<&str>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
            let mut request = String::new();
            if let Some(p) = password {
                request.push_str(&format!("AUTH {p}\r\n"));
            }
            request.push_str("PING\r\n");
            let mut reply = [0u8; 64];
            if s.write_all(request.as_bytes()).is_ok() {
                let mut got = String::new();
                while let Ok(n) = s.read(&mut reply) {
                    if n == 0 {
                        break;
                    }
                    got.push_str(&String::from_utf8_lossy(&reply[..n]));
                    if got.contains("+PONG") {
                        return;
                    }
                }
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("redis-server on port {port} did not start within 10 s");
}

/// Waits until something accepts connections on `port` (a TLS server).
fn wait_until_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("redis-server (TLS) on port {port} did not start within 10 s");
}
