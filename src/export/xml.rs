//! Writing XML text safely: every name a user typed is escaped, and characters XML 1.0 cannot
//! hold are dropped, so `</text><script>` in a name stays text.

/// Escapes text for XML content and attribute values (quotes included).
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

use std::fmt::Write;

/// A number for SVG/XML: at most two decimals, no trailing zeros, no "-0" (deterministic).
#[must_use]
pub fn num(v: f32) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// Appends [`num`]`(v)` to `out` without allocating: the same text as formatting with two
/// decimals (ties to even, on the exact value) and trimming, in integer arithmetic.
pub fn push_num(out: &mut String, v: f32) {
    // An f32 times 100 is exact in f64 (24 + 7 bits), so ties are seen exactly.
    let hundredths = (f64::from(v) * 100.0).round_ties_even();
    if !v.is_finite() || hundredths == 0.0 {
        out.push('0');
        return;
    }
    if hundredths.abs() >= 1e15 {
        // Beyond what positions ever are: the formatter's way.
        let s = format!("{v:.2}");
        out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
        return;
    }
    // Within ±1e15, exactly an integer: the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let n = hundredths as i64;
    if n < 0 {
        out.push('-');
    }
    let n = n.unsigned_abs();
    let _ = write!(out, "{}", n / 100);
    match n % 100 {
        0 => {}
        f if f % 10 == 0 => {
            let _ = write!(out, ".{}", f / 10);
        }
        f => {
            let _ = write!(out, ".{f:02}");
        }
    }
}

/// The GraphML/GEXF attribute type for a field kind.
#[must_use]
pub fn attr_type(kind: crate::model::FieldKind) -> &'static str {
    match kind {
        crate::model::FieldKind::Number => "double",
        crate::model::FieldKind::YesNo => "boolean",
        _ => "string",
    }
}

/// A field value as attribute text (lists joined with " | ", as the importers split them).
#[must_use]
pub fn value_text(v: &crate::model::FieldValue) -> String {
    match v {
        crate::model::FieldValue::Bool(b) => b.to_string(),
        crate::model::FieldValue::Number(n) => format!("{n}"),
        other => other.display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(
            escape("</text><script>alert('x')&\"</script>"),
            "&lt;/text&gt;&lt;script&gt;alert(&apos;x&apos;)&amp;&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c"), "abc");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-3.25), "-3.25");
        assert_eq!(num(f32::NAN), "0");
    }

    /// The formatter's way, which `push_num` must match character for character.
    fn formatted(v: f32) -> String {
        if !v.is_finite() {
            return "0".to_owned();
        }
        let s = format!("{v:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" || s.is_empty() { "0".to_owned() } else { s.to_owned() }
    }

    #[test]
    fn numbers_match_the_formatter_including_ties() {
        for v in [0.125f32, 0.375, -0.125, 0.005, 1.005, 2.675, 1234.565, 0.1, -0.004, 99.995, 1e16, -3e20, 0.0, -0.0] {
            assert_eq!(num(v), formatted(v), "{v}");
        }
        // A sweep over the f32 values, from tiny to beyond any map coordinate.
        let mut bits = 0x3000_0000u32;
        while bits < 0x5A00_0000 {
            for v in [f32::from_bits(bits), -f32::from_bits(bits)] {
                assert_eq!(num(v), formatted(v), "{v}");
            }
            bits += 977;
        }
    }
}
