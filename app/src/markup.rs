//! Text placed into markup the server or the browser writes by hand (not through a view).

/// Escapes text for an HTML or SVG element's content or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & Bishop's Stortford"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Bishop&#39;s Stortford"
        );
        assert_eq!(escape("Ynys Môn"), "Ynys Môn");
    }
}
