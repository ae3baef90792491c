import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 公开抽查依据、抽查主体、抽查内容、抽查方式 (the notice, 六(四); 国办发〔2015〕58号): every
/// department's item list, readable without logging in.
enum PublicItemController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.publicGet("/public/items") { _, context in
            let (departments, items) = try await env.workflow.publicItems()
            let groups: [[String: Any]] = departments.map { department in
                let own = items.filter { $0.dept == department.code }
                return ["code": department.code, "name": department.name, "count": own.count, "empty": own.isEmpty,
                        "items": own.map { DirectoryFormat.item($0, departmentName: department.name) }]
            }
            return env.views.page("public-items", title: "随机抽查事项清单", context: context, data: [
                "departments": groups, "all": true, "total": items.count,
            ])
        }

        routes.publicGet("/public/items/{code}") { _, context in
            let code = try context.parameters.require("code")
            guard let (department, items) = try await env.workflow.publicItems(of: DepartmentCode(rawValue: code)) else {
                throw HTTPError(.notFound, message: "没有这个部门的抽查事项清单")
            }
            return env.views.page("public-items", title: "随机抽查事项清单 · \(department.name)", context: context, data: [
                "departments": [["code": department.code, "name": department.name, "count": items.count, "empty": items.isEmpty,
                                 "items": items.map { DirectoryFormat.item($0, departmentName: department.name) }]],
                "all": false, "total": items.count, "departmentName": department.name,
            ])
        }
    }
}
