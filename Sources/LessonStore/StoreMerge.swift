extension LessonDatabase {
    /// Copies every run of `sources` (cells, metrics, claims, outputs and diagnostics with
    /// them) into this store under new ids, in one transaction: a failure leaves this store
    /// as it was. Runs keep their order, source by source, so the last source's run of a
    /// chapter is its latest. Learners and progress are not copied: shards only run chapters.
    /// Returns the number of runs copied.
    @discardableResult
    public func merge(_ sources: [LessonDatabase]) throws(StoreError) -> Int {
        var runs: [RunRows] = []
        for source in sources {
            runs += try source.read { db in
                try db.fetchColumn("SELECT id FROM runs ORDER BY id").compactMap { (id: Int64) in
                    try RunRows.fetch(db, runID: id)
                }
            }
        }
        return try write { db in
            for run in runs { _ = try run.insert(db) }
            return runs.count
        }
    }
}
