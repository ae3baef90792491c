import Foundation
import Hummingbird
import SpotcheckStore

/// A stored file (evidence, a summary's attachment) as a download: its checked content type, its
/// name as uploaded (RFC 6266 `filename*`, with an ASCII fallback `stem.ext`), never cached.
enum StoredFileDownload {
    static func response(_ file: EvidenceFile, data: Data, fallbackStem: String) -> Response {
        response(fileName: file.fileName, contentType: file.contentType, data: data, fallbackStem: fallbackStem)
    }

    static func response(fileName: String, contentType: String, data: Data, fallbackStem: String) -> Response {
        let fallback = fallbackStem + "." + (contentType == "application/pdf" ? "pdf" : contentType == "image/png" ? "png" : "jpg")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
        return Response(status: .ok, headers: [
            .contentType: contentType,
            .contentDisposition: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "private, no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
