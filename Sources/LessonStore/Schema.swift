import GRDB

/// The store's schema, as versioned migrations.
///
/// A migration is frozen once it has shipped: a database made by an older build carries its
/// identifier in `grdb_migrations` and never runs it again, so editing it would give old
/// and new databases different schemas. Change the schema by adding a migration at the end.
/// `Tests/Fixtures/store/v1.sqlite` was made by `v1` alone and `v2.sqlite` by v1 and v2; tests
/// check that the migrations still make them and upgrade them without loss.
///
/// The SQL is written by hand, with comments, because `sqlite3 lessons.sqlite .schema`
/// prints the CREATE statements verbatim: they are the documentation a newcomer reads.
/// Times are UTC text `YYYY-MM-DD HH:MM:SS.SSS` (GRDB's date format), so they sort and read.
enum Schema {
    /// Every migration, oldest first.
    static let migrations: [(identifier: String, sql: String)] = [
        ("v1", v1),
        ("v2", v2),
        ("v3", v3),
        ("v4", v4),
        ("v5", v5),
    ]

    /// The migrator that brings any older database of ours up to date.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }

    /// The first schema. FROZEN: never edit; add a migration instead.
    static let v1 = """
        CREATE TABLE runs (
          id               INTEGER PRIMARY KEY,
          chapter          TEXT NOT NULL,    -- chapter id, the slug of Lessons/NN-slug.md
          file             TEXT NOT NULL,    -- the markdown file as it was given
          cache_key        TEXT NOT NULL,    -- hash of program, ConvLab/runtime build, compiler, flags
          status           TEXT NOT NULL,    -- passed|failed, as in `lessons run --json`
          started_at       TEXT NOT NULL,    -- UTC
          ended_at         TEXT NOT NULL,    -- UTC; a run is written in one transaction once done
          duration_ms      REAL NOT NULL,    -- compile and run, as measured
          started_at_exact REAL NOT NULL,    -- started_at to the bit (Swift Date: seconds since
                                             -- 2001-01-01), so a cached run reads back identical
          compiler_version TEXT NOT NULL,    -- `swiftc --version`, first line
          host             TEXT NOT NULL     -- machine name
        );
        CREATE INDEX runs_by_chapter_and_key ON runs(chapter, cache_key);

        CREATE TABLE cell_results (
          id           INTEGER PRIMARY KEY,
          run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          position     INTEGER NOT NULL,     -- 0-based order of the cell in its chapter
          cell_id      TEXT NOT NULL,        -- `id=NAME` or c1, c2, ...
          line         INTEGER NOT NULL,     -- line of the cell's fence in the markdown file
          status       TEXT NOT NULL,        -- passed|failed|compileError|timedOut|notRun|expectedFailure
          stdout       TEXT NOT NULL,
          stderr       TEXT NOT NULL,
          error_file   TEXT,                 -- where the cell failed (NULL when it did not)
          error_line   INTEGER,
          error_column INTEGER,
          error_message TEXT,
          duration_ms  REAL NOT NULL,
          UNIQUE (run_id, position)
        );

        CREATE TABLE metrics (               -- values recorded by record(name, value, unit:)
          id             INTEGER PRIMARY KEY,
          cell_result_id INTEGER NOT NULL REFERENCES cell_results(id) ON DELETE CASCADE,
          position       INTEGER NOT NULL,   -- order within the cell
          name           TEXT NOT NULL,
          value          REAL,               -- NULL stands for NaN, which SQLite cannot store
          unit           TEXT,
          UNIQUE (cell_result_id, position)
        );

        CREATE TABLE claims (                -- statements checked by claim(...)
          id             INTEGER PRIMARY KEY,
          cell_result_id INTEGER NOT NULL REFERENCES cell_results(id) ON DELETE CASCADE,
          position       INTEGER NOT NULL,
          statement      TEXT NOT NULL,
          passed         INTEGER NOT NULL,   -- 1 held, 0 did not
          measured       REAL,               -- NULL for a yes/no claim
          expected       REAL,
          tolerance      REAL,
          line           INTEGER,            -- markdown line of the claim, when known
          UNIQUE (cell_result_id, position)
        );

        CREATE TABLE outputs (               -- plots, tables and shown values, in order
          id             INTEGER PRIMARY KEY,
          cell_result_id INTEGER NOT NULL REFERENCES cell_results(id) ON DELETE CASCADE,
          position       INTEGER NOT NULL,
          json           TEXT NOT NULL,      -- the output as in `lessons run --json`
          UNIQUE (cell_result_id, position)
        );

        CREATE TABLE learners (
          id         INTEGER PRIMARY KEY,
          name       TEXT NOT NULL UNIQUE,   -- free text, as the learner typed it
          created_at TEXT NOT NULL
        );

        CREATE TABLE progress (              -- every step a learner takes, appended, never updated
          id         INTEGER PRIMARY KEY,
          learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
          chapter    TEXT NOT NULL,
          cell_id    TEXT NOT NULL,
          status     TEXT NOT NULL,          -- seen|ran|passed|failed
          at         TEXT NOT NULL
        );
        CREATE INDEX progress_by_learner ON progress(learner_id, chapter);

        CREATE TABLE exercise_attempts (     -- code a learner submitted for an exercise cell
          id         INTEGER PRIMARY KEY,
          learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
          chapter    TEXT NOT NULL,
          cell_id    TEXT NOT NULL,          -- the exercise cell
          code       TEXT NOT NULL,
          passed     INTEGER NOT NULL,       -- 1 solved, 0 not
          at         TEXT NOT NULL
        );
        CREATE INDEX attempts_by_learner ON exercise_attempts(learner_id, chapter);
        """

    /// Adds the book's git commit to runs, the chapter-level problems of a run, and a view
    /// for metric history.
    static let v2 = """
        ALTER TABLE runs ADD COLUMN book_commit TEXT /* the book's git commit; NULL outside git */;
        CREATE INDEX metrics_by_name ON metrics(name);

        CREATE TABLE run_diagnostics (       -- problems of the chapter's text found with a run
          id       INTEGER PRIMARY KEY,
          run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          file     TEXT NOT NULL,
          line     INTEGER NOT NULL,
          "column" INTEGER NOT NULL,
          message  TEXT NOT NULL,
          UNIQUE (run_id, position)
        );

        CREATE TABLE compiler_versions (     -- `swiftc --version` remembered: asking costs ~0.3 s
          swiftc      TEXT NOT NULL,         -- the compiler's path, links resolved
          size        INTEGER NOT NULL,      -- its size and modification time: a new compiler
          modified_at REAL NOT NULL,         -- at the same path gets a row of its own
          version     TEXT NOT NULL,
          PRIMARY KEY (swiftc, size, modified_at)
        );

        CREATE VIEW metric_history AS
          -- one row per recorded value, with when and where it was measured
          SELECT m.name, m.value, m.unit, r.chapter, c.cell_id, c.position AS cell_position,
                 m.position,
                 r.id AS run_id, r.started_at, r.host, r.book_commit, r.cache_key
          FROM metrics m
          JOIN cell_results c ON c.id = m.cell_result_id
          JOIN runs r ON r.id = c.run_id;
        """

    /// Drops `compiler_versions`: the engine now reads the compiler's version from the build
    /// folder (no `swiftc --version` per run), and the remembered toolchain lacked the linker
    /// flags the engine adds. v2 shipped with the table, so it goes in a migration of its own.
    static let v3 = """
        DROP TABLE compiler_versions;
        """

    /// Claims that pin metrics, bound claims and timing claims: which metrics a claim pins (so that
    /// `lessons verify` can find prose values no claim checks, from a cached run too), the 95%
    /// interval of a timing claim's ratio, and whether it was inconclusive. A run with a
    /// timing claim that failed or was inconclusive is never reused from the cache.
    static let v4 = """
        ALTER TABLE claims ADD COLUMN pins TEXT NOT NULL DEFAULT '[]'
          /* JSON array of the metric names the claim pins */;
        ALTER TABLE claims ADD COLUMN interval_low REAL /* timing claims: 95% interval of the ratio */;
        ALTER TABLE claims ADD COLUMN interval_high REAL;
        ALTER TABLE claims ADD COLUMN inconclusive INTEGER NOT NULL DEFAULT 0
          /* 1: a timing claim whose interval contains its bound */;
        ALTER TABLE claims ADD COLUMN bound TEXT /* atLeast|atMost for a bound claim, else NULL */;
        """

    /// A classroom: the help a learner asked for (hints shown, solutions revealed), and
    /// passed attempts a teacher can re-check. An attempt keeps the toolchain that checked
    /// it, a digest of the chapter's cells then, and a seal: the SHA-256 of learner, chapter,
    /// cell, code, chapter digest and toolchain (`AttemptSeal`), so that `lessons progress
    /// --reverify` finds a record edited afterwards. Plain SQL (no SQLite-only functions), so
    /// that the same statements serve the PostgreSQL store.
    static let v5 = """
        ALTER TABLE exercise_attempts ADD COLUMN toolchain TEXT
          /* the compiler that checked the attempt; NULL before v5 */;
        ALTER TABLE exercise_attempts ADD COLUMN chapter_digest TEXT
          /* SHA-256 of the chapter's cells when checked; NULL before v5 */;
        ALTER TABLE exercise_attempts ADD COLUMN seal TEXT
          /* SHA-256 of learner, chapter, cell, code, chapter_digest, toolchain; NULL before v5 */;

        CREATE TABLE exercise_help (         -- hints shown and solutions revealed, appended
          id         INTEGER PRIMARY KEY,
          learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
          chapter    TEXT NOT NULL,
          cell_id    TEXT NOT NULL,          -- the exercise cell
          kind       TEXT NOT NULL,          -- hint|solution
          hint_index INTEGER,                -- 0-based number of the hint shown; NULL for a solution
          at         TEXT NOT NULL
        );
        CREATE INDEX help_by_learner ON exercise_help(learner_id, chapter);
        """
}
