import Foundation
import SpotcheckCore

/// A large, valid, deterministic enterprise CSV for import benchmarks
/// (`spotcheck bench import`): every row passes validation, codes are unique,
/// rows look like Qinghe directory rows (Chinese names and addresses, ~190
/// bytes), so parsing and validation are measured on realistic text.
///
/// Appends bytes rather than interpolating strings: the generator should not
/// take longer than the import it feeds.
public enum SyntheticEnterpriseCSV {
    public static let header = "uscc,name,legal_representative,address,region_code,industry,tags,risk_class,status,phone"

    /// `rows` data rows after the English header, UTF-8 without BOM, LF line ends.
    public static func data(rows: Int) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(rows * 200 + 128)
        out.append(contentsOf: header.utf8)
        out.append(0x0A)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
        let tags = ["工贸", "危险化学品", "成品油;计量器具", "消防重点单位", "工贸;产品质量", "拍卖"].map { Array($0.utf8) }
        let trades = ["羊绒制品", "汽车配件", "化工", "加油站", "商贸", "拍卖"].map { Array($0.utf8) }
        let industries = ["纺织业", "汽车制造业", "化学原料和化学制品制造业", "零售业", "批发业", "商务服务业"].map { Array($0.utf8) }
        let towns = ["葛仙庄镇", "连庄镇", "油坊镇", "谢炉镇", "王官庄镇", "坝营镇"].map { Array($0.utf8) }
        let people = ["王建国", "李秀英", "张伟", "刘海燕", "陈志强", "杨丽"].map { Array($0.utf8) }
        let classes = Array("ABCD".utf8)
        let county = Array("清河县".utf8)
        let company = Array("有限公司".utf8)
        let addressPrefix = Array("河北省邢台市清河县".utf8)
        let number = Array("号".utf8)
        let active = Array("存续".utf8)
        var prefix = Array("91130534".utf8) + [UInt8](repeating: 0, count: 9)
        var state: UInt64 = 0x5EED
        for row in 0..<rows {
            // Positions 9–17 count in base 31, so codes are unique up to 31⁹ rows.
            var rest = row
            for position in (8..<17).reversed() {
                prefix[position] = alphabet[rest % 31]
                rest /= 31
            }
            let code = USCC.complete(prefix: String(decoding: prefix, as: UTF8.self))!
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = Int(state >> 33)
            let kind = pick % 6
            out.append(contentsOf: code.utf8)
            out.append(0x2C)
            out.append(contentsOf: county)
            out.append(contentsOf: String(row).utf8)
            out.append(contentsOf: trades[kind])
            out.append(contentsOf: company)
            out.append(0x2C)
            out.append(contentsOf: people[(pick >> 3) % 6])
            out.append(0x2C)
            out.append(contentsOf: addressPrefix)
            out.append(contentsOf: towns[(pick >> 6) % 6])
            out.append(contentsOf: String(row % 500 + 1).utf8)
            out.append(contentsOf: number)
            out.append(0x2C)
            out.append(contentsOf: "13053410\((pick >> 9) % 6)".utf8)
            out.append(0x2C)
            out.append(contentsOf: industries[kind])
            out.append(0x2C)
            out.append(contentsOf: tags[kind])
            out.append(0x2C)
            out.append(classes[(pick >> 12) % 4])
            out.append(0x2C)
            out.append(contentsOf: active)
            out.append(0x2C)
            out.append(contentsOf: "1383\(String(1_000_000 + row % 9_000_000))".utf8)
            out.append(0x0A)
        }
        return Data(out)
    }
}
