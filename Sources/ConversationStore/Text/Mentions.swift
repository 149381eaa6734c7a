/// Finds `@handles` in message text.
package enum Mentions {
    /// The handles mentioned in `text`, without the `@`, in order. A handle is letters, digits and `_`, and must not
    /// follow a letter or digit (so `budi@example.com` mentions nobody).
    package static func handles(in text: String) -> [String] {
        var result: [String] = []
        var scalars = text.unicodeScalars.makeIterator()
        var previous: Unicode.Scalar?
        var current: String.UnicodeScalarView?
        while let scalar = scalars.next() {
            if var handle = current {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                    handle.append(scalar)
                    current = handle
                } else {
                    if !handle.isEmpty { result.append(String(handle)) }
                    current = nil
                }
            }
            if current == nil, scalar == "@",
                !(previous.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) } ?? false)
            {
                current = String.UnicodeScalarView()
            }
            previous = scalar
        }
        if let handle = current, !handle.isEmpty { result.append(String(handle)) }
        return result
    }
}
