//! `kamal-actions`: the page's generator as a command, for scripts and tests.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kamal_actions_core::{render, Config, GeneratedFile, Problem};

#[derive(Parser)]
#[command(name = "kamal-actions", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write every generated file under DIR at its repository path.
    Generate {
        /// The configuration, as exported by the page.
        #[arg(long)]
        config: PathBuf,
        /// The repository root to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Write nothing: print how the files under DIR differ from what the configuration
        /// generates (and which it no longer generates), and exit 1 if any do.
        #[arg(long)]
        check: bool,
    },
    /// Validate a configuration; print every problem and exit 1 if there are any.
    Check {
        #[arg(long)]
        config: PathBuf,
    },
    /// Print the JSON Schema of the configuration format.
    Schema,
    /// Print the default configuration (the seed's setup on Kamal 2) to start from.
    Init,
    /// Read a Kamal config/deploy.yml (and destination files) over a configuration (or the
    /// defaults) and print the result as JSON; the report goes to stderr. Exit 1 when
    /// config/deploy.yml could not be read.
    Import(ImportArgs),
    /// Print the share-link fragment of a configuration (what follows `#` in the page's URL).
    Link {
        #[arg(long)]
        config: PathBuf,
    },
    /// Count what each Kamal install mode installs from a Gemfile.lock: the whole bundle, or
    /// Kamal and its dependencies alone.
    Gems {
        #[arg(long)]
        lock: PathBuf,
    },
}

/// What `import` reads from the command line.
#[derive(clap::Args)]
struct ImportArgs {
    /// `config/deploy.yml`.
    #[arg(long)]
    deploy: PathBuf,
    /// `DEST=config/deploy.DEST.yml`, repeatable.
    #[arg(long = "destination", value_name = "DEST=FILE")]
    destinations: Vec<String>,
    /// The configuration to start from; the defaults when omitted.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The environment `config/deploy.yml` alone deploys (`kamal deploy` without -d), or
    /// `none`; by default what Kamal would do.
    #[arg(long, value_name = "ENV|none")]
    main_environment: Option<String>,
    /// `DEST=ENV`: the environment a destination file deploys, repeatable.
    #[arg(long = "map", value_name = "DEST=ENV")]
    maps: Vec<String>,
    /// An environment no pasted file describes to keep (removed otherwise), repeatable.
    #[arg(long)]
    keep: Vec<String>,
}

/// `generate --check`: a unified diff per file that differs or is missing, and the files the
/// repository's previous configuration (its `.github/kamal-actions.json`) generated that this
/// one no longer does.
fn check_files(root: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let mut stale = 0;
    for file in files {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != file.contents {
            stale += 1;
            let diff = similar::TextDiff::from_lines(&current, &file.contents);
            let (old, new) = (format!("a/{}", file.path), format!("b/{}", file.path));
            print!(
                "{}",
                diff.unified_diff().context_radius(3).header(&old, &new)
            );
            if !path.exists() {
                println!("({} is missing)", file.path);
            }
        }
    }
    let previous = std::fs::read_to_string(root.join(kamal_actions_core::render::CONFIG_PATH))
        .ok()
        .and_then(|text| Config::from_json(&text).ok())
        .and_then(|config| render(&config).ok())
        .unwrap_or_default();
    for old in previous {
        if !files.iter().any(|f| f.path == old.path) && root.join(&old.path).exists() {
            stale += 1;
            println!("{} is no longer generated: delete it", old.path);
        }
    }
    if stale == 0 {
        println!("{} files under {} are current", files.len(), root.display());
        Ok(())
    } else {
        Err(format!(
            "{stale} file(s) under {} differ from what the configuration generates: run generate without --check to update them",
            root.display()
        ))
    }
}

fn import(args: ImportArgs) -> Result<(), String> {
    use kamal_actions_core::import::{import_chosen, Choices, DeployFile};
    let ImportArgs {
        deploy,
        destinations,
        config,
        main_environment,
        maps,
        keep,
    } = args;
    let base = config.as_deref().map(load).transpose()?.unwrap_or_default();
    let deploy = deploy.as_path();
    let main = read(deploy)?;
    let files = destinations
        .iter()
        .map(|spec| {
            let (destination, path) = spec
                .split_once('=')
                .ok_or_else(|| format!("--destination {spec}: write it as DEST=FILE"))?;
            Ok(DeployFile {
                destination: destination.to_string(),
                text: read(Path::new(path))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut choices = Choices {
        main: main_environment.map(|env| (env != "none").then_some(env)),
        keep: keep.into_iter().map(|env| (env, true)).collect(),
        ..Choices::default()
    };
    for spec in &maps {
        let (dest, env) = spec
            .split_once('=')
            .ok_or_else(|| format!("--map {spec}: write it as DEST=ENV"))?;
        if !files.iter().any(|f| f.destination == dest) {
            return Err(format!("--map {spec}: no --destination {dest}"));
        }
        choices
            .destinations
            .insert(dest.to_string(), env.to_string());
    }
    let imported = import_chosen(&base, &main, &files, &choices);
    let report = &imported.report;
    for (title, lines) in [
        ("recognised", &report.recognised),
        ("ignored", &report.ignored),
        ("could not be read", &report.errors),
        ("Kamal would refuse", &report.refused),
    ] {
        for line in lines {
            eprintln!("{title}: {line}");
        }
    }
    if imported.config == base && !report.errors.is_empty() {
        return Err("nothing imported".into());
    }
    print!("{}", imported.config.to_json());
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn gems(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lock = kamal_actions_core::gemfile_lock::parse(&text);
    println!(
        "the bundle: {} gems ({} platform variants in the lock)",
        lock.gems.len(),
        lock.variants
    );
    let kamal = lock
        .closure("kamal")
        .ok_or_else(|| format!("{}: Kamal is not in the lock", path.display()))?;
    let listed: Vec<String> = kamal
        .iter()
        .map(|name| format!("{name} {}", lock.gems[*name].version))
        .collect();
    println!(
        "Kamal {} alone: {} gems: {}",
        lock.gems["kamal"].version,
        kamal.len(),
        listed.join(", ")
    );
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Generate {
            config,
            out,
            check: true,
        } => {
            let files = render(&load(&config)?).map_err(|p| describe(&config, &p))?;
            check_files(&out, &files)
        }
        Command::Generate { config, out, .. } => {
            let files = render(&load(&config)?).map_err(|p| describe(&config, &p))?;
            write_files(&out, &files)?;
            println!("wrote {} files under {}", files.len(), out.display());
            Ok(())
        }
        Command::Check { config } => {
            render(&load(&config)?).map_err(|p| describe(&config, &p))?;
            println!("{}: valid", config.display());
            Ok(())
        }
        Command::Import(args) => import(args),
        Command::Link { config } => {
            let config = load(&config)?;
            println!("{}", kamal_actions_core::share::encode(&config));
            Ok(())
        }
        Command::Gems { lock } => gems(&lock),
        Command::Init => {
            print!("{}", Config::default().to_json());
            Ok(())
        }
        Command::Schema => {
            let schema = schemars::schema_for!(Config);
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).expect("schema serialises")
            );
            Ok(())
        }
    }
}

fn load(path: &Path) -> Result<Config, String> {
    let text = read(path)?;
    Config::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn describe(path: &Path, problems: &[Problem]) -> String {
    let mut text = format!("{}: {} problem(s)", path.display(), problems.len());
    for p in problems {
        text.push_str(&format!("\n  {p}"));
    }
    text
}

fn write_files(root: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    for file in files {
        let path = root.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
