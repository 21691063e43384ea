//! The statistics' bar charts: SVG drawn on the server (eb_bars), scaled to
//! their container, without inline styles (the pages' content security
//! policy refuses them). The table beside each chart carries its figures.

use app::markup::escape;

const BLUE: &str = "#1d70b8";
const PURPLE: &str = "#912b88";
const GREY: &str = "#505a5f";

/// A step for the value axis giving about five grid lines.
fn nice_step(max: i64) -> i64 {
    let rough = (max.max(1) as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powi(rough.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    step as i64
}

/// A bar chart (one bar per label and series) as SVG that scales to its
/// container. The table beside it carries the same figures for everyone.
pub fn chart(labels: &[String], series: &[(&str, Vec<i64>)]) -> String {
    if labels.is_empty() || series.iter().all(|(_, v)| v.is_empty()) {
        return String::new();
    }
    let labels: Vec<String> = labels.iter().map(|l| escape(l)).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let names: Vec<&str> = series.iter().map(|(name, _)| *name).collect();
    let values: Vec<Vec<f64>> = series
        .iter()
        .map(|(_, v)| v.iter().map(|n| *n as f64).collect())
        .collect();
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0);
    let step = nice_step(max);
    let top = ((max / step) + 1) * step;
    let mut plot = eb_bars::BarPlot::new();
    for (values, colour) in values.iter().zip([BLUE, PURPLE, GREY]) {
        plot.add_values(values);
        plot.add_bar_colors_by_category(colour);
    }
    plot.set_scale_range(0, top, step.unsigned_abs());
    plot.set_bin_markers(&label_refs);
    plot.set_bin_markers_middle();
    plot.set_text_color("#0b0c0c");
    plot.set_line_color("#b1b4b6");
    plot.set_tick_color("#0b0c0c");
    plot.set_show_horizontal_lines();
    plot.set_plot_window_size(88.0, 92.0, 78.0, 40.0);
    plot.set_font_size(130.0);
    if names.len() > 1 {
        plot.set_legend(&names);
        plot.set_legend_position(88.0, 10.0);
    }
    let (width, height) = (960, 420);
    let svg = plot.to_svg(width, height);
    // Only the <svg> element (no XML prologue inside HTML); it scales with the
    // page, and leaves the figures to the table.
    let svg = svg.find("<svg").map_or("", |start| &svg[start..]);
    styles_as_attributes(svg).replacen(
        &format!(r#"<svg width="{width}" height="{height}""#),
        &format!(
            r#"<svg viewBox="0 0 {width} {height}" class="nrm-chart" aria-hidden="true" focusable="false""#
        ),
        1,
    )
}

/// `style="fill: red; fill-opacity: 1"` as `fill="red" fill-opacity="1"`: the
/// pages' content security policy refuses inline styles, and SVG takes the
/// same properties as attributes.
fn styles_as_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find(" style=\"") {
        out.push_str(&rest[..start]);
        let body = &rest[start + 8..];
        let Some(end) = body.find('"') else {
            rest = "";
            break;
        };
        for declaration in body[..end].split(';') {
            if let Some((name, value)) = declaration.split_once(':') {
                out.push_str(&format!(" {}=\"{}\"", name.trim(), value.trim()));
            }
        }
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_scale_and_escape() {
        let svg = chart(
            &["A&B".to_owned(), "<C>".to_owned()],
            &[("Referrals", vec![3, 17])],
        );
        assert!(svg.starts_with("<svg viewBox=\"0 0 960 420\""));
        assert!(
            !svg.contains("style="),
            "no inline styles (the CSP refuses them)"
        );
        assert!(svg.contains("fill=\"#1d70b8\""));
        assert!(svg.contains("A&amp;B"));
        assert!(!svg.contains("<C>"));
        assert_eq!(chart(&[], &[("Referrals", vec![])]), "");
    }

    #[test]
    fn styles_become_attributes() {
        assert_eq!(
            styles_as_attributes(
                r##"<rect x="1" style="fill-opacity: 1.000; fill: #fff;" /><g style="writing-mode: tb;">"##
            ),
            r##"<rect x="1" fill-opacity="1.000" fill="#fff" /><g writing-mode="tb">"##
        );
    }

    #[test]
    fn value_steps_are_round() {
        assert_eq!(nice_step(0), 1);
        assert_eq!(nice_step(17), 5);
        assert_eq!(nice_step(230), 50);
        assert_eq!(nice_step(610_000), 200_000);
    }
}
