import Foundation

/// Reads RFC 4180 CSV records from bytes, one record at a time, with the line each record starts on.
///
/// Written here rather than taken from a CSV package because imports need three things the packages at hand do not
/// give together: the physical line number of every record (for rejection reports), a bad record that is reported
/// and skipped instead of ending the read, and a bare CR inside a field kept as text (the public Twitter support
/// corpus has such fields unquoted; common readers end the row there and shift every column after it).
///
/// Rows end at LF or CR LF outside quotes. Quoted fields may hold separators, quotes (doubled) and line breaks.
public struct CSVRecordReader {
    /// One record, or the reason it could not be read.
    public enum Record {
        case fields([String], line: Int, raw: [UInt8])
        case malformed(reason: String, line: Int, raw: [UInt8])
    }

    private let bytes: Data
    private var position: Data.Index
    private var line = 1

    public init(_ bytes: Data) {
        self.bytes = bytes
        position = bytes.startIndex
        // A UTF-8 byte order mark is not part of the first field's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = bytes.index(position, offsetBy: 3) }
    }

    /// How far the reader has got, in bytes from the start.
    public var offset: Int { bytes.distance(from: bytes.startIndex, to: position) }

    public mutating func next() -> Record? {
        guard position < bytes.endIndex else { return nil }
        let startLine = line
        let start = position
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var quotedField = false
        var failure: String?
        while position < bytes.endIndex {
            let byte = bytes[position]
            position = bytes.index(after: position)
            if byte == 0x0A { line += 1 }
            if inQuotes {
                if byte == 0x22 {
                    if position < bytes.endIndex, bytes[position] == 0x22 {
                        field.append(0x22)
                        position = bytes.index(after: position)
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x2C:
                fields.append(decode(field, failure: &failure))
                field.removeAll(keepingCapacity: true)
                quotedField = false
            case 0x0A:
                return finish(fields, field, start: start, line: startLine, failure: failure)
            case 0x0D where position < bytes.endIndex && bytes[position] == 0x0A:
                continue
            case 0x22 where field.isEmpty && !quotedField:
                inQuotes = true
                quotedField = true
            case 0x22:
                failure = failure ?? "a quote inside an unquoted field; quote the field and double the quote"
                field.append(byte)
            default:
                if quotedField {
                    failure = failure ?? "text after the closing quote of a field"
                }
                field.append(byte)
            }
        }
        if inQuotes {
            return .malformed(
                reason: "a quoted field is never closed before the end of the file", line: startLine,
                raw: rawText(from: start))
        }
        return finish(fields, field, start: start, line: startLine, failure: failure)
    }

    private func finish(_ fields: [String], _ last: [UInt8], start: Data.Index, line: Int, failure: String?) -> Record {
        var failure = failure
        var all = fields
        all.append(decode(last, failure: &failure))
        if let failure { return .malformed(reason: failure, line: line, raw: rawText(from: start)) }
        return .fields(all, line: line, raw: rawText(from: start))
    }

    private func decode(_ field: [UInt8], failure: inout String?) -> String {
        if let text = String(validating: field, as: UTF8.self) { return text }
        failure = failure ?? "a field is not valid UTF-8"
        return String(decoding: field, as: UTF8.self)
    }

    /// The record's bytes as they stand in the file, without its line break.
    private func rawText(from start: Data.Index) -> [UInt8] {
        var end = position
        while end > start, bytes[bytes.index(before: end)] == 0x0A || bytes[bytes.index(before: end)] == 0x0D {
            end = bytes.index(before: end)
        }
        return Array(bytes[start..<end])
    }
}
