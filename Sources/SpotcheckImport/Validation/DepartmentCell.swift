import SpotcheckCore

/// The department cell of inspector and item rows, reconciled with `--dept`.
enum DepartmentCell {
    static func parse<Column: ImportColumn>(
        _ text: String, options: ImportOptions, column: Column, issues: inout RowIssues<Column>
    ) -> String? {
        let code = options.departmentAliases[text] ?? text.lowercased()
        if let forced = options.department {
            if text.isEmpty { return forced }
            guard code == forced else {
                issues.add(column, "\(text) 与导入的部门 \(forced) 不一致")
                return nil
            }
            return forced
        }
        guard !text.isEmpty else {
            issues.addMissing(column)
            return nil
        }
        if let known = options.knownDepartments {
            guard known.contains(code) else {
                issues.add(column, "未知部门 \(text)")
                return nil
            }
        } else if let reason = DepartmentCode.validate(code) {
            issues.add(column, "\(text)：\(reason)")
            return nil
        }
        return code
    }
}
