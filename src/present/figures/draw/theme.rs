//! Colours and scale for one drawing: the light and dark palettes, chosen
//! for colour-vision deficiencies and for contrast, and the ink that reads
//! on each fill.

use plotters::prelude::*;
use plotters::style::FontDesc;

use super::text::font;
use crate::present::figures::Likert;

/// Colours and scale for one drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Device pixels per CSS pixel.
    pub scale: f64,
    pub dark: bool,
    /// What the backend divides a font size by to get the em size: plotters'
    /// SVG and bitmap backends use size / 1.24, the canvas backend the size
    /// itself. Layout works in em pixels, so every backend shows the same text.
    pub font_size_factor: f64,
}

/// plotters' SVG and bitmap backends draw text at an em of size / 1.24.
pub const PLOTTERS_EM: f64 = 1.24;

impl Theme {
    /// For plotters-canvas in the browser.
    pub fn canvas(scale: f64, dark: bool) -> Theme {
        Theme {
            scale,
            dark,
            font_size_factor: 1.0,
        }
    }
    /// For plotters' SVG and bitmap backends.
    pub fn file(scale: f64, dark: bool) -> Theme {
        Theme {
            scale,
            dark,
            font_size_factor: PLOTTERS_EM,
        }
    }
    pub(super) fn font(&self, em: f64, bold: bool) -> FontDesc<'static> {
        font(em * self.font_size_factor, bold)
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::file(1.0, false)
    }
}

/// Colours for series (the groups of a split) and unordered categories:
/// eight that stay apart for normal vision and the common colour-vision
/// deficiencies, each at least 3:1 against the theme's background (WCAG
/// non-text contrast). The dark theme's are the Okabe-Ito palette (Okabe
/// and Ito, "Color Universal Design", 2008), sky blue first and its black
/// made a light grey. On white, Okabe-Ito's orange, sky blue and yellow
/// fall under 3:1, so the light theme keeps its blue, vermilion, green,
/// reddish purple and black, and adds Paul Tol's indigo, the IBM Design
/// Library's blue and a dark grey, chosen for the largest smallest
/// difference of any two (CIEDE2000, also under simulated deuteranopia and
/// protanopia; the test below measures it).
pub const PALETTE_SIZE: usize = 8;
// A split draws at most this many series: each gets its own colour.
const _: () = assert!(PALETTE_SIZE >= crate::present::figures::MAX_SPLIT_GROUPS);
const LIGHT_SERIES: [RGBColor; PALETTE_SIZE] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x64, 0x8F, 0xFF),
    RGBColor(0x55, 0x55, 0x55),
    RGBColor(0x00, 0x00, 0x00),
];
const DARK_SERIES: [RGBColor; PALETTE_SIZE] = [
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0xBB, 0xBB, 0xBB),
];
/// ColorBrewer PuOr, a colour-blind-safe diverging scheme, for 5-point scales.
const DIVERGING_5: [RGBColor; 5] = [
    RGBColor(0xE6, 0x61, 0x01),
    RGBColor(0xFD, 0xB8, 0x63),
    RGBColor(0xD4, 0xD4, 0xD4),
    RGBColor(0xB2, 0xAB, 0xD2),
    RGBColor(0x5E, 0x3C, 0x99),
];
/// The dark theme's stand-in, chosen for at least 3:1 against the dark
/// background (WCAG non-text contrast): PuOr's deep purple (2.0:1 there)
/// becomes a lighter purple of the same hue, still apart from point 4.
const DARK_PURPLE: RGBColor = RGBColor(0x7F, 0x63, 0xB8);

impl Theme {
    pub(super) fn px(&self, css: f64) -> f64 {
        css * self.scale
    }
    pub(super) fn background(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x1E, 0x1F, 0x22)
        } else {
            WHITE
        }
    }
    pub(super) fn ink(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xEE, 0xEE, 0xEE)
        } else {
            RGBColor(0x1A, 0x1A, 0x1A)
        }
    }
    pub(super) fn muted(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xAA, 0xAA, 0xAA)
        } else {
            RGBColor(0x55, 0x55, 0x55)
        }
    }
    pub(super) fn grid(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x44, 0x44, 0x48)
        } else {
            RGBColor(0xE4, 0xE4, 0xE4)
        }
    }
    /// The colour of series `i`; figures draw at most [`PALETTE_SIZE`]
    /// series (a split merges the smallest groups past that), so no two
    /// share a colour.
    pub(super) fn series(&self, i: usize) -> RGBColor {
        let palette = if self.dark { &DARK_SERIES } else { &LIGHT_SERIES };
        palette[i % PALETTE_SIZE]
    }
    /// A segment's colour: the diverging scale for ordered categories,
    /// the series palette for unordered ones.
    pub(super) fn category_colour(&self, lk: &Likert, i: usize) -> RGBColor {
        if lk.ordered {
            self.scale_colour(i, lk.scale.len())
        } else {
            self.series(i)
        }
    }

    /// The diverging scale's ends for this theme.
    fn scale_ends(&self) -> (RGBColor, RGBColor) {
        (DIVERGING_5[0], if self.dark { DARK_PURPLE } else { DIVERGING_5[4] })
    }

    fn scale_colour(&self, point: usize, points: usize) -> RGBColor {
        if points == 5 {
            return match point {
                4 => self.scale_ends().1,
                _ => DIVERGING_5[point],
            };
        }
        // Other scale lengths: interpolate across the same two ends.
        let t = if points <= 1 {
            0.5
        } else {
            point as f64 / (points - 1) as f64
        };
        let (a, b) = self.scale_ends();
        let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}

/// WCAG 2 relative luminance.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2 contrast ratio, from 1 to 21.
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill`: one of them is always
/// at least 4.58:1 (near-black would dip to 4.35:1 on mid-tones such as the
/// interpolated orange-purple of 7-point scales).
pub(super) fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(BLACK, fill) >= contrast(WHITE, fill) {
        BLACK
    } else {
        WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fill a figure can use in `t`: bar series, unordered
    /// categories, and ordered scales of 2 to 11 points.
    fn fills(t: &Theme) -> Vec<RGBColor> {
        let likert = |points: usize, ordered: bool| Likert {
            scale: vec![String::new(); points],
            rows: vec![],
            diverging: true,
            ordered,
        };
        let mut out: Vec<RGBColor> = (0..PALETTE_SIZE).map(|i| t.series(i)).collect();
        let unordered = likert(PALETTE_SIZE, false);
        out.extend((0..PALETTE_SIZE).map(|i| t.category_colour(&unordered, i)));
        for points in 2..=11 {
            let scale = likert(points, true);
            out.extend((0..points).map(|i| t.category_colour(&scale, i)));
        }
        out
    }

    #[test]
    fn text_reads_on_the_background_in_both_themes() {
        for dark in [false, true] {
            let t = Theme::canvas(1.0, dark);
            for (what, c) in [("ink", t.ink()), ("muted", t.muted())] {
                let r = contrast(c, t.background());
                assert!(r >= 4.5, "dark={dark}: {what} {c:?} is {r:.2}:1 on the background");
            }
        }
    }

    #[test]
    fn segment_labels_read_on_every_fill_in_both_themes() {
        for dark in [false, true] {
            let t = Theme::canvas(1.0, dark);
            for fill in fills(&t) {
                let r = contrast(ink_on(fill), fill);
                assert!(r >= 4.5, "dark={dark}: label on {fill:?} is {r:.2}:1");
            }
        }
    }

    #[test]
    fn dark_theme_fills_stand_out_from_the_background() {
        let t = Theme::canvas(1.0, true);
        for fill in fills(&t) {
            let r = contrast(fill, t.background());
            assert!(r >= 3.0, "{fill:?} is {r:.2}:1 on the dark background");
        }
    }

    #[test]
    fn series_colours_stand_out_from_the_background_in_both_themes() {
        for dark in [false, true] {
            let t = Theme::canvas(1.0, dark);
            for i in 0..PALETTE_SIZE {
                let r = contrast(t.series(i), t.background());
                assert!(r >= 3.0, "dark={dark}: series {i} {:?} is {r:.2}:1", t.series(i));
            }
        }
    }

    /// How a colour-vision deficiency sees sRGB colours: the severity-1.0
    /// matrices of Machado, Oliveira and Fernandes, "A Physiologically-based
    /// Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6),
    /// 2009 (table 1 of the paper's supplement), applied to linear RGB.
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// sRGB channel to linear light (IEC 61966-2-1).
    fn linear(v: u8) -> f64 {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }

    /// CIELAB (D65) of `c` as seen through `m`.
    fn lab(c: RGBColor, m: &[[f64; 3]; 3]) -> [f64; 3] {
        let rgb = [linear(c.0), linear(c.1), linear(c.2)];
        let [r, g, b] = m.map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// The CIEDE2000 colour difference, as written out by Sharma, Wu and
    /// Dalal, "The CIEDE2000 Color-Difference Formula: Implementation
    /// Notes, Supplementary Test Data, and Mathematical Observations",
    /// Color Research & Application 30(1), 2005.
    fn ciede2000(p: [f64; 3], q: [f64; 3]) -> f64 {
        let ([l1, a1, b1], [l2, a2, b2]) = (p, q);
        let pow7 = |c: f64| c.powi(7) / (c.powi(7) + 25f64.powi(7));
        let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
        let g = 0.5 * (1.0 - pow7(c_bar).sqrt());
        let (a1, a2) = ((1.0 + g) * a1, (1.0 + g) * a2);
        let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
        let hue = |b: f64, a: f64| b.atan2(a).to_degrees().rem_euclid(360.0);
        let (h1, h2) = (hue(b1, a1), hue(b2, a2));
        let dh = if c1 * c2 == 0.0 {
            0.0
        } else if (h2 - h1).abs() <= 180.0 {
            h2 - h1
        } else if h2 - h1 > 180.0 {
            h2 - h1 - 360.0
        } else {
            h2 - h1 + 360.0
        };
        let d_l = l2 - l1;
        let d_c = c2 - c1;
        let d_h = 2.0 * (c1 * c2).sqrt() * (dh / 2.0).to_radians().sin();
        let l_bar = (l1 + l2) / 2.0;
        let c_bar = (c1 + c2) / 2.0;
        let h_bar = if c1 * c2 == 0.0 {
            h1 + h2
        } else if (h1 - h2).abs() <= 180.0 {
            (h1 + h2) / 2.0
        } else if h1 + h2 < 360.0 {
            (h1 + h2 + 360.0) / 2.0
        } else {
            (h1 + h2 - 360.0) / 2.0
        };
        let cos = |deg: f64| deg.to_radians().cos();
        let t = 1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
        let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
        let r_c = 2.0 * pow7(c_bar).sqrt();
        let s_l = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
        let s_c = 1.0 + 0.045 * c_bar;
        let s_h = 1.0 + 0.015 * c_bar * t;
        let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
        ((d_l / s_l).powi(2) + (d_c / s_c).powi(2) + (d_h / s_h).powi(2) + r_t * (d_c / s_c) * (d_h / s_h)).sqrt()
    }

    #[test]
    fn ciede2000_matches_sharmas_test_data() {
        // Pairs 1, 7 and 17 of Sharma et al.'s table 1, with their ΔE00.
        let pairs = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        ];
        for (p, q, want) in pairs {
            let got = ciede2000(p, q);
            assert!((got - want).abs() < 1e-4, "{p:?} {q:?}: {got} vs {want}");
        }
    }

    /// Any two series (a split's groups) differ by at least 10 ΔE00 (a
    /// difference seen at a glance; 1 is barely noticeable side by side)
    /// for normal vision and through each simulated dichromacy.
    #[test]
    fn series_colours_stay_apart_for_normal_and_colour_blind_vision() {
        let visions = [
            ("normal", IDENTITY),
            ("deuteranopia", DEUTERANOPIA),
            ("protanopia", PROTANOPIA),
            ("tritanopia", TRITANOPIA),
        ];
        for dark in [false, true] {
            let t = Theme::canvas(1.0, dark);
            for (vision, m) in &visions {
                for i in 0..PALETTE_SIZE {
                    for j in i + 1..PALETTE_SIZE {
                        let d = ciede2000(lab(t.series(i), m), lab(t.series(j), m));
                        assert!(
                            d >= 10.0,
                            "dark={dark}, {vision}: series {i} and {j} differ by {d:.1} ΔE00"
                        );
                    }
                }
            }
        }
    }
}
