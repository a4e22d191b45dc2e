//! The map file's JSON layout, written in one pass: pretty-printed with two-space indents, except
//! that arrays holding only plain values (strings, numbers, booleans, null) sit on one line —
//! `"position": [120.0, 40.0]` — which keeps files short and diffs readable.

use serde_json::ser::{CompactFormatter, Formatter};
use std::io::{self, Write};

/// How an open array is being written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Array {
    /// No element yet: the first decides.
    Open,
    /// Plain values, on one line.
    Inline,
    /// Objects or arrays, one per line.
    Block,
}

/// A `serde_json` formatter for the layout above.
#[derive(Default)]
pub struct MapFormatter {
    indent: usize,
    has_value: bool,
    arrays: Vec<Array>,
    /// A separator owed before the next array element (`Some(first)`), written once the element
    /// shows whether it is plain or not.
    pending: Option<bool>,
}

const INDENT: &[u8] = b"                                                                ";

fn newline_indent<W: ?Sized + Write>(w: &mut W, n: usize) -> io::Result<()> {
    w.write_all(b"\n")?;
    let mut left = n * 2;
    while left > 0 {
        let k = left.min(INDENT.len());
        w.write_all(&INDENT[..k])?;
        left -= k;
    }
    Ok(())
}

impl MapFormatter {
    /// Writes the separator owed before an array element, now that it is known whether the
    /// element is a container.
    fn before_value<W: ?Sized + Write>(&mut self, w: &mut W, container: bool) -> io::Result<()> {
        let Some(first) = self.pending.take() else { return Ok(()) };
        let Some(state) = self.arrays.last_mut() else { return Ok(()) };
        if *state == Array::Open {
            *state = if container { Array::Block } else { Array::Inline };
        }
        match *state {
            Array::Inline if !first => w.write_all(b", "),
            Array::Inline => Ok(()),
            _ => {
                if !first {
                    w.write_all(b",")?;
                }
                newline_indent(w, self.indent)
            }
        }
    }
}

macro_rules! plain {
    ($($name:ident($t:ty)),* $(,)?) => {
        $(
            fn $name<W: ?Sized + Write>(&mut self, w: &mut W, value: $t) -> io::Result<()> {
                self.before_value(w, false)?;
                CompactFormatter.$name(w, value)
            }
        )*
    };
}

impl Formatter for MapFormatter {
    plain!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str),
        write_byte_array(&[u8]),
        write_raw_fragment(&str),
    );

    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, false)?;
        CompactFormatter.write_null(w)
    }

    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, false)?;
        CompactFormatter.begin_string(w)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, true)?;
        self.indent += 1;
        self.has_value = false;
        self.arrays.push(Array::Open);
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.arrays.pop() == Some(Array::Block) && self.has_value {
            newline_indent(w, self.indent)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, _w: &mut W, first: bool) -> io::Result<()> {
        self.pending = Some(first);
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, true)?;
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            newline_indent(w, self.indent)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        newline_indent(w, self.indent)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}
