//! The workspace's own automation: `cargo xtask <command>`.
//!
//! - `ci`: format check, clippy (warnings denied), every test, docs (warnings
//!   denied), and the dependency rules (no AWS crate under `auth-core`).
//! - `test`: every test of the workspace, including the integration tests
//!   that start local mock servers, with a real `redis-server` for
//!   `token-stores` (on a free 127.0.0.1 port, its own temporary folder, no
//!   persistence; its URL in `REDIS_URL`; stopped by its PID afterwards).
//! - `bench`: the criterion benchmarks, with medians and ratios to their
//!   baselines.
//! - `demo`: the end-to-end demo against local mock servers.
//! - `with-redis <command...>`: runs a command with a fresh `redis-server`
//!   (its URL in `REDIS_URL`), stopped by its PID afterwards.
//!
//! Kept to the standard library so it builds in seconds.

mod method_docs;
mod public_api;

use std::env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  ci      fmt check, clippy -D warnings, all tests, docs -D warnings, dependency rules
  test    all tests (unit, integration against local mock servers, doc tests)
  bench   criterion benchmarks with ratios to their baselines
  demo    the end-to-end demo against local mock servers
  api-check  the public-API rules alone (no reqwest/backon type in public items;
             an example on every service method, no positional bool)
  man     writes the dpsdk man pages (clap_mangen) into target/man
  with-redis <command...>
          runs <command> with a fresh redis-server's URL in REDIS_URL
          (e.g. cargo xtask with-redis cargo test -p token-stores)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let mut run = Run::default();
    match command.as_str() {
        "ci" => ci(&mut run),
        "test" => test(&mut run, rest),
        "bench" => bench(&mut run, rest),
        "api-check" => {
            public_api_rule(&mut run);
            method_docs_rule(&mut run);
        }
        "demo" => demo(&mut run, rest),
        "with-redis" => with_redis(&mut run, rest),
        "man" => man_step(&mut run),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    run.summary(command)
}

/// The steps run so far and their outcomes.
#[derive(Default)]
struct Run {
    steps: Vec<(String, bool, f64)>,
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl Run {
    fn record(&mut self, name: &str, ok: bool, started: Instant) -> bool {
        self.steps
            .push((name.to_owned(), ok, started.elapsed().as_secs_f64()));
        ok
    }

    fn failed_any(&self) -> bool {
        self.steps.iter().any(|(_, ok, _)| !ok)
    }

    fn summary(&self, command: &str) -> ExitCode {
        println!("\n== cargo xtask {command}: summary ==");
        for (name, ok, secs) in &self.steps {
            println!(
                "  {:<4} {name:<44} {secs:>7.1} s",
                if *ok { "ok" } else { "FAIL" }
            );
        }
        if self.passed + self.failed > 0 {
            println!(
                "  tests: {} passed, {} failed, {} ignored",
                self.passed, self.failed, self.ignored
            );
        }
        let ok = !self.failed_any();
        println!("  result: {}", if ok { "success" } else { "FAILURE" });
        if self.passed + self.failed > 0 {
            // The closing line CI tools read.
            println!("tests: {} passed, {} failed", self.passed, self.failed);
        }
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    // xtask/ sits at the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Set by `ci`: every build of the run is from scratch, so incremental
/// compilation would only fill the disk (3 GiB of the 8 GiB target dir).
static FROM_SCRATCH: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn cargo() -> Command {
    let mut cmd = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    if FROM_SCRATCH.load(std::sync::atomic::Ordering::Relaxed)
        && env::var_os("CARGO_INCREMENTAL").is_none()
    {
        cmd.env("CARGO_INCREMENTAL", "0");
    }
    cmd.env(
        "MOTO_SERVER_BIN",
        root()
            .join("target")
            .join("moto-venv")
            .join("bin")
            .join("moto_server"),
    );
    // Never let the AWS SDK look for instance metadata: there is no network.
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// Runs a step, streaming its output.
fn step(run: &mut Run, name: &str, mut cmd: Command) -> bool {
    println!("\n== {name} ==");
    let started = Instant::now();
    let ok = cmd.status().map(|s| s.success()).unwrap_or_else(|e| {
        eprintln!("cannot run {name}: {e}");
        false
    });
    run.record(name, ok, started)
}

/// Runs `cargo test ...`, streaming its output and counting the results.
fn test_step(run: &mut Run, name: &str, mut cmd: Command) -> bool {
    println!("\n== {name} ==");
    let started = Instant::now();
    cmd.stdout(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot run {name}: {e}");
            return run.record(name, false, started);
        }
    };
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(counts) = parse_test_result(&line) {
                run.passed += counts.0;
                run.failed += counts.1;
                run.ignored += counts.2;
            }
        }
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    run.record(name, ok, started)
}

/// Reads `test result: ok. 11 passed; 0 failed; 2 ignored; ...`.
fn parse_test_result(line: &str) -> Option<(u64, u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |label: &str| {
        rest.split(';')
            .find_map(|part| part.trim().strip_suffix(label).map(str::trim))
            .map(|n| n.rsplit(' ').next().unwrap_or(n))
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Some((count(" passed"), count(" failed"), count(" ignored")))
}

fn ci(run: &mut Run) {
    FROM_SCRATCH.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    step(run, "fmt --check", fmt);

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    step(run, "clippy --all-targets -D warnings", clippy);

    // Every failing test is reported, not only the first failing binary's.
    test(run, &["--no-fail-fast".to_owned()]);
    man_step_after_tests(run);

    let mut doc = cargo();
    doc.args(["doc", "--workspace", "--no-deps"])
        .env("RUSTDOCFLAGS", "-D warnings");
    step(run, "doc (warnings denied)", doc);

    dependency_rules(run);
    public_api_rule(run);
    method_docs_rule(run);
    package_step(run);
    consumer_step(run);
}

/// The `dpsdk` man pages, from the CLI's own clap definition (its hidden
/// `man` command), into `target/man`.
fn man_step(run: &mut Run) {
    let mut man = cargo();
    man.args(["run", "-q", "-p", "dpsdk-cli", "--"]);
    write_man_pages(run, man);
}

/// In `ci`, the man pages come from the `dpsdk` binary the test step has
/// just built: `cargo run -p dpsdk-cli` alone resolves other dependency
/// features and would build the CLI's whole tree a second time (~100 s).
fn man_step_after_tests(run: &mut Run) {
    let built = target_dir()
        .join("debug")
        .join(format!("dpsdk{}", env::consts::EXE_SUFFIX));
    if built.is_file() {
        write_man_pages(run, Command::new(built));
    } else {
        man_step(run);
    }
}

fn write_man_pages(run: &mut Run, mut dpsdk: Command) {
    let out = target_dir().join("man");
    dpsdk.args(["man", "--out-dir"]).arg(&out);
    step(run, &format!("man pages into {}", out.display()), dpsdk);
}

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The crates published to crates.io (everything under crates/ but perf).
const PUBLISHED: [&str; 8] = [
    "auth-core",
    "token-stores",
    "symbl",
    "scinote",
    "scribe-mi",
    "ascribe-coder",
    "mock-servers",
    "dpsdk-cli",
];

/// `cargo package` over the published crates: metadata and path
/// dependencies with versions, as crates.io will require. `--no-verify`
/// because verifying rebuilds every crate from its tarball (minutes on CI).
fn package_step(run: &mut Run) {
    let mut package = cargo();
    package.args(["package", "--no-verify", "--allow-dirty"]);
    for name in PUBLISHED {
        package.args(["-p", name]);
    }
    step(run, "package (published crates)", package);
}

/// The consumer crate (outside the workspace) tests its own code against the
/// mocks, as a user depending on the published crates would.
fn consumer_step(run: &mut Run) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .to_path_buf();
    let mut test = cargo();
    test.args(["test", "--manifest-path"])
        .arg(root.join("examples/consumer/Cargo.toml"))
        // The workspace's target dir, so the shared crates are not rebuilt.
        .env("CARGO_TARGET_DIR", target_dir());
    step(run, "consumer crate tests", test);
}

/// No public item names a reqwest or backon type (but the custom-client setter).
fn public_api_rule(run: &mut Run) {
    println!("\n== public API: no reqwest/backon type ==");
    let started = Instant::now();
    let findings = public_api::check(&root().join("crates"));
    for f in &findings {
        eprintln!(
            "{}:{}: public item names reqwest/backon: {}",
            f.file.strip_prefix(root()).unwrap_or(&f.file).display(),
            f.line,
            f.item
        );
    }
    if findings.is_empty() {
        println!("no public item names a reqwest or backon type");
    }
    run.record(
        "no reqwest/backon in public APIs",
        findings.is_empty(),
        started,
    );
}

/// Every public fn of a service crate has an example (and `# Errors` when
/// it returns a Result), and only builder setters take a `bool`.
fn method_docs_rule(run: &mut Run) {
    println!("\n== service APIs: an example on every public fn, no bool arguments ==");
    let started = Instant::now();
    let findings = method_docs::check(&root().join("crates"));
    for f in &findings {
        eprintln!(
            "{}:{}: {}: {}",
            f.file.strip_prefix(root()).unwrap_or(&f.file).display(),
            f.line,
            f.function,
            f.problem
        );
    }
    println!(
        "{} finding(s) in {}",
        findings.len(),
        method_docs::SERVICE_CRATES.join(", ")
    );
    run.record(
        "service APIs: examples on every method, no bool arguments",
        findings.is_empty(),
        started,
    );
}

/// Installs moto (a local Cognito) into `target/moto-venv` on first use.
fn ensure_moto(run: &mut Run) -> bool {
    let venv = root().join("target").join("moto-venv");
    let server = venv.join("bin").join("moto_server");
    if server.exists() {
        return true;
    }
    println!(
        "\n== installing moto (local Cognito) into {} ==",
        venv.display()
    );
    let started = Instant::now();
    let python = env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin").join("pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "moto[server]>=5.1,<6",
            ])
            .status()
            .is_ok_and(|s| s.success())
        && server.exists();
    if !ok {
        eprintln!("could not install moto: needs {python} with the venv module, and PyPI");
        let _ = std::fs::remove_dir_all(&venv);
    }
    run.record("install moto (local Cognito)", ok, started)
}

fn test(run: &mut Run, extra: &[String]) {
    if !ensure_moto(run) {
        return;
    }
    // Stopped (by its PID) when this function returns, even on a failure.
    let redis = RedisServer::start();
    let with_redis = |cmd: &mut Command| {
        if let Some(r) = &redis {
            cmd.env("REDIS_URL", r.url())
                .env("REDIS_SERVER_BIN", &r.bin);
        }
    };
    let mut all = cargo();
    all.args(["test", "--workspace", "--all-targets"])
        .args(extra);
    with_redis(&mut all);
    test_step(run, "tests (unit + integration against local mocks)", all);
    let mut doc = cargo();
    doc.args(["test", "--workspace", "--doc"]);
    with_redis(&mut doc);
    test_step(run, "doc tests", doc);
}

/// Runs `command` with a fresh redis-server, stopped afterwards.
fn with_redis(run: &mut Run, command: &[String]) {
    let Some((program, args)) = command.split_first() else {
        eprint!("{USAGE}");
        run.record("with-redis: no command given", false, Instant::now());
        return;
    };
    let Some(redis) = RedisServer::start() else {
        run.record("start redis-server", false, Instant::now());
        return;
    };
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env("REDIS_URL", redis.url())
        .env("REDIS_SERVER_BIN", &redis.bin);
    test_step(
        run,
        &format!("{} (with redis-server)", command.join(" ")),
        cmd,
    );
}

/// A `redis-server` for the `token-stores` tests: a free 127.0.0.1 port,
/// its own temporary folder, no persistence; killed by its PID on drop.
struct RedisServer {
    bin: PathBuf,
    port: u16,
    dir: PathBuf,
    child: Child,
}

impl RedisServer {
    /// Starts one, or says why not (the Redis tests then skip themselves).
    fn start() -> Option<Self> {
        let Some(bin) = find_redis_server() else {
            println!(
                "\n== redis-server not found (apt-get install redis-server): the Redis tests will be skipped =="
            );
            return None;
        };
        let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
            Ok(addr) => addr.port(),
            Err(e) => {
                eprintln!("no free port for redis-server: {e}");
                return None;
            }
        };
        let dir = env::temp_dir().join(format!("xtask-redis-{}-{port}", std::process::id()));
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return None;
        }
        let child = Command::new(&bin)
            .args(redis_args(port, &dir))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(c) => c,
            Err(e) => {
                eprintln!("cannot start {}: {e}", bin.display());
                let _ = std::fs::remove_dir_all(&dir);
                return None;
            }
        };
        let server = Self {
            bin,
            port,
            dir,
            child,
        };
        if !server.wait_until_ready(Duration::from_secs(10)) {
            eprintln!("redis-server on port {port} did not answer PING within 10 s");
            return None;
        }
        println!(
            "\n== redis-server (pid {}) on 127.0.0.1:{port}, REDIS_URL exported to the tests ==",
            server.child.id()
        );
        Some(server)
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn wait_until_ready(&self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
                let mut reply = [0u8; 16];
                if s.write_all(b"PING\r\n").is_ok()
                    && s.read(&mut reply)
                        .is_ok_and(|n| reply[..n].starts_with(b"+PONG"))
                {
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // Child::kill signals exactly this PID (SIGKILL): no persistence to flush.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `REDIS_SERVER_BIN`, or `redis-server` on the `PATH`.
fn find_redis_server() -> Option<PathBuf> {
    if let Some(bin) = env::var_os("REDIS_SERVER_BIN") {
        return Some(PathBuf::from(bin));
    }
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join("redis-server"))
        .find(|p| p.is_file())
}

/// The arguments: this port on loopback only, this folder, no RDB, no AOF.
fn redis_args(port: u16, dir: &Path) -> Vec<String> {
    vec![
        "--port".into(),
        port.to_string(),
        "--bind".into(),
        "127.0.0.1".into(),
        "--dir".into(),
        dir.display().to_string(),
        "--save".into(),
        String::new(),
        "--appendonly".into(),
        "no".into(),
        "--daemonize".into(),
        "no".into(),
    ]
}

/// `auth-core` must stay free of AWS crates: services that do not need
/// Cognito or SigV4 must not compile them.
fn dependency_rules(run: &mut Run) {
    println!("\n== dependency rules ==");
    let started = Instant::now();
    let output = cargo()
        .args(["tree", "-p", "auth-core", "--prefix", "none", "-e", "all"])
        .output();
    let ok = match output {
        Ok(out) if out.status.success() => {
            let tree = String::from_utf8_lossy(&out.stdout);
            let aws: Vec<&str> = tree.lines().filter(|l| l.starts_with("aws-")).collect();
            if aws.is_empty() {
                println!("auth-core: no AWS crate in its dependency tree");
                true
            } else {
                eprintln!("auth-core depends on AWS crates: {aws:?}");
                false
            }
        }
        Ok(out) => {
            eprintln!(
                "cargo tree failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            false
        }
        Err(e) => {
            eprintln!("cannot run cargo tree: {e}");
            false
        }
    };
    run.record("no AWS crate under auth-core", ok, started);
}

/// One benchmark line: a goal, what is measured, ours, the baseline from
/// the same run, their unit and ratio.
#[derive(Debug, Clone, PartialEq)]
struct BenchResult {
    goal: String,
    label: String,
    ours: f64,
    baseline: f64,
    unit: String,
    ratio: f64,
}

/// Parses `RESULT|goal|label|ours|baseline|unit|ratio` (the `perf` binary's
/// output).
fn parse_result_line(line: &str) -> Option<BenchResult> {
    let mut parts = line.strip_prefix("RESULT|")?.split('|');
    let goal = parts.next()?.to_owned();
    let label = parts.next()?.to_owned();
    let ours = parts.next()?.parse().ok()?;
    let baseline = parts.next()?.parse().ok()?;
    let unit = parts.next()?.to_owned();
    let ratio = parts.next()?.parse().ok()?;
    Some(BenchResult {
        goal,
        label,
        ours,
        baseline,
        unit,
        ratio,
    })
}

/// The goal a result is held to, and whether it meets it.
fn verdict(r: &BenchResult) -> (&'static str, bool) {
    let l = r.label.as_str();
    match r.goal.as_str() {
        "1" => ("≤ 0.10×", r.ratio <= 0.10),
        "2" if l.contains("p99") => ("≤ 1.10×", r.ratio <= 1.10),
        "2" => ("≥ 0.95×", r.ratio >= 0.95),
        "3" => ("≤ 0.50×", r.ratio <= 0.50),
        "4" if l.contains("RSS") => ("≤ 64 MiB", r.ours <= 64.0),
        "4" if l.starts_with("MD5") => ("≥ 1.00×", r.ratio >= 1.0),
        "4" => ("≥ 0.90×", r.ratio >= 0.90),
        "5" if l.contains("get_now") => ("≤ 2× (aim)", r.ratio <= 2.0),
        "5" => ("≤ 5×", r.ratio <= 5.0),
        _ => ("", true),
    }
}

fn fmt_value(v: f64, unit: &str) -> String {
    match unit {
        "ns" => fmt_ns(v),
        "req/s" => format!("{v:.0} req/s"),
        "µs" => format!("{v:.0} µs"),
        "MiB/s" => format!("{v:.0} MiB/s"),
        "MiB" => format!("{v:.1} MiB"),
        other => format!("{v:.2} {other}"),
    }
}

/// The size of the upload file, 1 GiB unless `XTASK_BENCH_UPLOAD_MIB` says
/// otherwise (for a quick local run; the documented figures use 1 GiB).
fn upload_mib() -> u64 {
    env::var("XTASK_BENCH_UPLOAD_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

/// A file of `mib` MiB (not all zeros) under `target/perf/`, written once.
fn upload_file(mib: u64) -> std::io::Result<PathBuf> {
    let dir = root().join("target").join("perf");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("upload-{mib}MiB.bin"));
    if std::fs::metadata(&path).map(|m| m.len()).ok() == Some(mib * 1024 * 1024) {
        return Ok(path);
    }
    let mut block = vec![0u8; 1024 * 1024];
    let mut x: u32 = 0x9E37_79B9;
    for b in block.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    for i in 0..mib {
        block[0] = i as u8;
        file.write_all(&block)?;
    }
    file.flush()?;
    Ok(path)
}

fn bench(run: &mut Run, extra: &[String]) {
    let mut results: Vec<BenchResult> = Vec::new();

    // Goal 5: the token cache (criterion, ns scale).
    let mut cmd = cargo();
    cmd.args(["bench", "-p", "auth-core", "--bench", "token_cache", "--"])
        .args(extra);
    if !step(run, "criterion: auth-core token_cache", cmd) {
        return;
    }
    let dir = root().join("target").join("criterion");
    let median = |group: &str, name: &str| {
        read_median_ns(
            &dir.join(group)
                .join(name)
                .join("new")
                .join("estimates.json"),
        )
    };
    let pairs = [
        (
            "5",
            "cache_hit",
            "get_now",
            "arc_clone_sync_baseline",
            "cache hit get_now() (sync fast path) vs Arc::clone",
        ),
        (
            "5",
            "cache_hit",
            "get_fresh",
            "arc_clone_baseline",
            "cache hit get().await vs Arc::clone",
        ),
        (
            "-",
            "herd_10k",
            "expired",
            "fresh_baseline",
            "10k tasks on an expired cache vs a fresh one",
        ),
    ];
    for (goal, group, subject, baseline, label) in pairs {
        match (median(group, subject), median(group, baseline)) {
            (Some(s), Some(b)) => results.push(BenchResult {
                goal: goal.into(),
                label: label.into(),
                ours: s,
                baseline: b,
                unit: "ns".into(),
                ratio: s / b,
            }),
            _ => println!("  {label}: no estimates under {}", dir.display()),
        }
    }

    // Goals 1-4: the perf binary (release), each result next to its baseline.
    let mib = upload_mib();
    let file = match upload_file(mib) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot write the upload file: {e}");
            run.record("perf: upload file", false, Instant::now());
            return;
        }
    };
    let started = Instant::now();
    println!("\n== perf: construction, HTTP path, signing, uploads ({mib} MiB) ==");
    let mut cmd = cargo();
    cmd.args(["run", "--release", "--quiet", "-p", "perf", "--", "all"])
        .arg(&file)
        .stdout(Stdio::piped());
    let output = cmd.spawn().and_then(|c| c.wait_with_output());
    let ok = match output {
        Ok(out) => {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                println!("{line}");
                if let Some(r) = parse_result_line(line) {
                    results.push(r);
                }
            }
            out.status.success()
        }
        Err(e) => {
            eprintln!("cannot run perf: {e}");
            false
        }
    };
    run.record("perf", ok, started);

    println!("\n== benchmark results (same run) ==");
    for r in &results {
        let (goal, met) = verdict(r);
        println!(
            "  [{}] {:<72} {:>14} vs {:>14}  ratio {:.3}x  goal {goal} {}",
            r.goal,
            r.label,
            fmt_value(r.ours, &r.unit),
            fmt_value(r.baseline, &r.unit),
            r.ratio,
            if met { "met" } else { "MISSED" }
        );
    }
    if ok {
        let doc = performance_doc(&results, mib);
        let path = root().join("docs").join("performance.md");
        match std::fs::write(&path, doc) {
            Ok(()) => println!("\nwrote {}", path.display()),
            Err(e) => eprintln!("cannot write {}: {e}", path.display()),
        }
    }
}

/// What the machine is: CPU model, cores, memory (from /proc).
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpu
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or_else(String::new, |kb| {
            format!(", {:.0} GiB", kb / 1024.0 / 1024.0)
        });
    format!(
        "{model}, {cores} cores{mem}, {} {}",
        env::consts::OS,
        env::consts::ARCH
    )
}

/// Today's date (UTC) from the system clock, as YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn performance_doc(results: &[BenchResult], mib: u64) -> String {
    let mut out = String::new();
    let goals = [
        ("1", "Construction"),
        (
            "2",
            "HTTP path (20,000 authenticated GETs, concurrency 64, local HTTP/1.1 server; 9 interleaved rounds, each ratio the median of the per-round ratios)",
        ),
        ("3", "SigV4 signing"),
        ("4", "Uploads and the MD5 pass"),
        ("5", "Token cache hit"),
        ("-", "Token cache herd"),
    ];
    out.push_str(&format!(
        "# Performance

Generated by `cargo xtask bench` on {} ({}). Every figure below comes from
that one run and sits next to a baseline measured in the same run; absolute
numbers move with the machine, so compare the ratios between runs. Do not
edit by hand: run the command again.

## How to reproduce

```sh
cargo xtask bench
```

- `crates/auth-core/benches/token_cache.rs` (criterion): the token cache.
- `crates/perf` (`cargo run --release -p perf -- all FILE`): construction,
  the HTTP path, signing, uploads (each upload variant in its own child
  process so its peak RSS, `VmHWM`, is its own) and the MD5 pass, against
  a local HTTP/1.1 server it starts that reads and drops request bodies.
- The upload file here: {mib} MiB (`XTASK_BENCH_UPLOAD_MIB` changes it for
  a quick local run).
",
        today(),
        machine()
    ));
    for (goal, title) in goals {
        // `2i`: an informational row of section 2 (no goal of its own).
        let rows: Vec<&BenchResult> = results
            .iter()
            .filter(|r| r.goal.strip_suffix('i').unwrap_or(&r.goal) == goal)
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {title}\n\n| benchmark | ours | baseline (same run) | ratio | goal | |\n|---|---|---|---|---|---|\n"
        ));
        for r in rows {
            let (target, met) = verdict(r);
            out.push_str(&format!(
                "| {} | {} | {} | {:.3}× | {target} | {} |\n",
                r.label,
                fmt_value(r.ours, &r.unit),
                fmt_value(r.baseline, &r.unit),
                r.ratio,
                if target.is_empty() {
                    ""
                } else if met {
                    "met"
                } else {
                    "**missed**"
                }
            ));
        }
    }
    out
}

fn fmt_ns(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.1} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}

/// Reads `"median":{..."point_estimate":X` from criterion's estimates.json.
fn read_median_ns(path: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(path).ok()?;
    let after = &text[text.find("\"median\"")?..];
    let value = &after[after.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = value.find([',', '}'])?;
    value[..end].trim().parse().ok()
}

fn demo(run: &mut Run, extra: &[String]) {
    if !ensure_moto(run) {
        return;
    }
    let mut cmd = cargo();
    cmd.args(["run", "--quiet", "-p", "examples", "--bin", "demo", "--"])
        .args(extra);
    step(run, "demo against local mock servers", cmd);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cargo_test_result_lines() {
        assert_eq!(
            parse_test_result(
                "test result: ok. 11 passed; 2 failed; 3 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some((11, 2, 3))
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
    }

    #[test]
    fn redis_runs_on_loopback_in_its_own_folder_without_persistence() {
        let args = redis_args(6390, Path::new("/tmp/r"));
        let pair = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .map(String::as_str)
        };
        assert_eq!(pair("--port"), Some("6390"));
        assert_eq!(pair("--bind"), Some("127.0.0.1"));
        assert_eq!(pair("--dir"), Some("/tmp/r"));
        assert_eq!(pair("--save"), Some(""));
        assert_eq!(pair("--appendonly"), Some("no"));
    }

    #[test]
    fn parses_perf_result_lines() {
        let r = parse_result_line("RESULT|3|SigV4 sign vs aws-sigv4|2000|6000|ns|0.333")
            .expect("a result");
        assert_eq!(r.goal, "3");
        assert_eq!(r.ours, 2000.0);
        assert_eq!(r.unit, "ns");
        assert_eq!(verdict(&r), ("≤ 0.50×", true));
        assert_eq!(parse_result_line("INFO|x"), None);
        assert!(performance_doc(&[r], 1024).contains("| SigV4 sign vs aws-sigv4 | 2.0 µs |"));
    }

    #[test]
    fn reads_criterion_medians() {
        let dir = std::env::temp_dir().join(format!("xtask-est-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("estimates.json");
        std::fs::write(
            &file,
            r#"{"mean":{"confidence_interval":{"lower_bound":1.0},"point_estimate":9.0},"median":{"confidence_interval":{"confidence_level":0.95},"point_estimate":42.5,"standard_error":0.1}}"#,
        )
        .expect("write");
        assert_eq!(read_median_ns(&file), Some(42.5));
        let _ = std::fs::remove_dir_all(dir);
    }
}
