//! Checked conversions from floating-point geometry to pixel counts and grid cells, in one place
//! so every rounding rule is explicit.

/// Rounds to a pixel count: negative and NaN become 0, huge values saturate.
#[must_use]
// Clamped to the u32 range before the cast, so neither truncation nor sign loss can occur.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn round_px(v: f32) -> u32 {
    if v.is_nan() { 0 } else { v.round().clamp(0.0, u32::MAX as f32) as u32 }
}

/// Rounds to a colour channel 0–255.
#[must_use]
// Clamped to 0..=255 before the cast.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn round_u8(v: f32) -> u8 {
    if v.is_nan() { 0 } else { v.round().clamp(0.0, 255.0) as u8 }
}

/// A ratio (0–1, computed in f64) as f32 for drawing.
#[must_use]
// Ratios are within 0..=1, where f32 precision is ample.
#[allow(clippy::cast_possible_truncation)]
pub fn ratio(v: f64) -> f32 {
    v.clamp(0.0, 1.0) as f32
}

/// The grid cell a coordinate falls in (floor division), saturating for absurd values.
#[must_use]
// Float-to-int `as` saturates in Rust; coordinates come from validated finite positions.
#[allow(clippy::cast_possible_truncation)]
pub fn cell(v: f32, size: f32) -> i64 {
    (v / size).floor() as i64
}

/// Rounds down to a whole pixel, saturating (NaN gives 0).
#[must_use]
// `as` saturates for floats out of the i32 range and gives 0 for NaN.
#[allow(clippy::cast_possible_truncation)]
pub fn floor_i32(v: f32) -> i32 {
    v.floor() as i32
}

/// The index of the cell a coordinate falls in, among `n` cells of `size` starting at `origin`:
/// clamped to `0..n` (NaN and values before the first cell give 0).
#[must_use]
// Checked non-negative and clamped to n - 1; float-to-int `as` saturates.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn cell_index(v: f32, origin: f32, size: f32, n: usize) -> usize {
    // Truncation is floor here: negative values give the first cell anyway.
    let c = (v - origin) / size;
    if c.is_nan() || c < 0.0 { 0 } else { (c as usize).min(n.saturating_sub(1)) }
}

/// Exactly the same position (bitwise): what "did not move" means for positions copied around.
#[must_use]
pub fn same_pos(a: [f32; 2], b: [f32; 2]) -> bool {
    a[0].to_bits() == b[0].to_bits() && a[1].to_bits() == b[1].to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_floor_and_saturates() {
        assert_eq!(floor_i32(2.7), 2);
        assert_eq!(floor_i32(0.0), 0);
        assert_eq!(floor_i32(-0.5), -1);
        assert_eq!(floor_i32(-3.0), -3);
        assert_eq!(floor_i32(1e20), i32::MAX);
        assert_eq!(floor_i32(-1e20), i32::MIN);
        assert_eq!(floor_i32(-2_147_483_904.0), i32::MIN);
        assert_eq!(floor_i32(2_147_483_520.0), 2_147_483_520);
        assert_eq!(floor_i32(-2.000_001), -3);
        assert_eq!(floor_i32(-0.0), 0);
        assert_eq!(floor_i32(f32::NAN), 0);
    }

    #[test]
    fn conversions_clamp() {
        assert_eq!(round_px(-3.0), 0);
        assert_eq!(round_px(2.5), 3);
        assert_eq!(round_px(f32::NAN), 0);
        assert_eq!(round_u8(300.0), 255);
        assert_eq!(cell(-0.5, 10.0), -1);
        assert_eq!(cell(-20.0, 10.0), -2);
        assert_eq!(cell(29.9, 10.0), 2);
        assert_eq!(cell(1e30, 1.0), i64::MAX);
        assert_eq!(cell(-1e30, 1.0), i64::MIN);
        assert_eq!(cell_index(25.0, 0.0, 10.0, 5), 2);
        assert_eq!(cell_index(-25.0, 0.0, 10.0, 5), 0);
        assert_eq!(cell_index(1e30, 0.0, 10.0, 5), 4);
        assert_eq!(cell_index(f32::NAN, 0.0, 10.0, 5), 0);
    }
}
