# Sourced by the benchmark and CI scripts: sets $LESSONS to the release `lessons`, building it
# if needed, unless $LESSONS already names a binary. One place for "which lessons do we time".
if [ -z "${LESSONS:-}" ]; then
    swift build -c release --product lessons >/dev/null
    LESSONS="$(swift build -c release --show-bin-path)/lessons"
fi
