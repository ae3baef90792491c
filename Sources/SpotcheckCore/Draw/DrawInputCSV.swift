/// Reads the offline files of spec §8 (objects, inspectors, conflicts) from text.
///
/// Why here and not in SpotcheckImport: auditors' files and the CLI must be read
/// by exactly the rules the digests are computed on (no trimming of ids, byte
/// order), and the verifier in Core depends on that. The caller reads the files;
/// this type only parses, and every error names the file and line.
public enum DrawInputCSV {
    /// `uscc,stratum,depts` — `depts` is `;`-separated, empty meaning all departments.
    public static func objects(_ text: String, file: String = "objects.csv") throws(DrawError) -> EnterpriseList {
        if let list = fastObjects(text) { return list }
        let reader = try DrawCSVReader(text, file: file)
        let idColumn = try reader.column("uscc")
        let stratumColumn = try reader.column("stratum")
        let deptsColumn = reader.header.firstIndex(of: "depts")
        var builder = CandidateListBuilder(capacity: reader.rows.count)
        var departments: [[String]] = []
        departments.reserveCapacity(reader.rows.count)
        for row in reader.rows {
            let id = try reader.field(row, idColumn, name: "uscc")
            let stratum = try reader.field(row, stratumColumn, name: "stratum")
            try check(id: id, stratum: stratum, row: row, reader: reader, idName: "uscc", stratumName: "stratum")
            var depts: [String] = []
            if let deptsColumn, deptsColumn < row.fields.count {
                depts = row.fields[deptsColumn].split(separator: ";").map { $0.trimmedForDraw() }.filter { !$0.isEmpty }
            }
            builder.append(id: id.utf8, stratum: builder.stratumNumber(for: stratum))
            departments.append(depts)
        }
        guard builder.count > 0 else { throw DrawError.emptyStratumList }
        do {
            return try EnterpriseList(builder, departments: departments)
        } catch {
            throw locate(error, reader: reader, idColumn: idColumn)
        }
    }

    /// `id,dept` — the eligible inspectors of each department.
    public static func inspectors(_ text: String, file: String = "inspectors.csv") throws(DrawError) -> CandidateList {
        let reader = try DrawCSVReader(text, file: file)
        let idColumn = try reader.column("id")
        let deptColumn = try reader.column("dept")
        var builder = CandidateListBuilder(capacity: reader.rows.count)
        for row in reader.rows {
            let id = try reader.field(row, idColumn, name: "id")
            let dept = try reader.field(row, deptColumn, name: "dept")
            try check(id: id, stratum: dept, row: row, reader: reader, idName: "id", stratumName: "dept")
            builder.append(id: id.utf8, stratum: builder.stratumNumber(for: dept))
        }
        do {
            return try CandidateList(builder)
        } catch {
            throw locate(error, reader: reader, idColumn: idColumn)
        }
    }

    /// `inspector,uscc` — declared conflicts; duplicates are allowed and removed.
    public static func conflicts(_ text: String, file: String = "conflicts.csv") throws(DrawError) -> ConflictSet {
        let reader = try DrawCSVReader(text, file: file)
        let inspectorColumn = try reader.column("inspector")
        let enterpriseColumn = try reader.column("uscc")
        var pairs: [ConflictSet.Pair] = []
        for row in reader.rows {
            let inspector = try reader.field(row, inspectorColumn, name: "inspector")
            let enterprise = try reader.field(row, enterpriseColumn, name: "uscc")
            try check(id: inspector, stratum: enterprise, row: row, reader: reader, idName: "inspector", stratumName: "uscc")
            pairs.append(ConflictSet.Pair(inspector: inspector, enterprise: enterprise))
        }
        return ConflictSet(pairs)
    }

    /// All three files at once; no conflicts file means no declared conflicts.
    public static func inputs(objects: String, inspectors: String, conflicts: String?) throws(DrawError) -> DrawInputs {
        DrawInputs(
            objects: try self.objects(objects),
            inspectors: try self.inspectors(inspectors),
            conflicts: try conflicts.map { (text) throws(DrawError) in try self.conflicts(text) } ?? ConflictSet())
    }

    private static func check(
        id: String, stratum: String, row: DrawCSVReader.Row, reader: DrawCSVReader, idName: String, stratumName: String
    ) throws(DrawError) {
        for (name, value) in [(idName, id), (stratumName, stratum)] {
            if value.isEmpty { throw reader.error(row, "\(name) 为空 (empty \(name))") }
            if CandidateList.hasControlCharacter(value.utf8) {
                throw reader.error(row, "\(name) \"\(value)\" 含有制表符或控制字符 (tab or control character in \(name))")
            }
        }
    }

    /// Turns a list-level error (duplicate id) into one naming both lines.
    private static func locate(_ error: DrawError, reader: DrawCSVReader, idColumn: Int) -> DrawError {
        guard case let .duplicateCandidate(id) = error else { return error }
        let lines = reader.rows.filter { $0.fields[idColumn] == id }.map(\.line)
        guard lines.count >= 2 else { return error }
        return reader.error(
            reader.rows.first { $0.line == lines[1] }!,
            "编号 \(id) 与第 \(lines[0]) 行重复 (duplicate id \(id), first on line \(lines[0]))")
    }
}
