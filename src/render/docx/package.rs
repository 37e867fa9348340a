//! The parts of a .docx around its body, and the zip that holds them: the
//! styles (Word's own heading styles, with the organisation template's
//! styles in their place when there is one), the numbering, the running
//! header and the "Page N of M" footer (or the template's), the document
//! properties (title, language, the as-at note, the program that made it)
//! and the package's lists of parts. Takes the body's XML; gives bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Read as _, Write as _};

use zip::write::SimpleFileOptions;

use super::super::document::Document;
use super::{BULLETS, Numbering, ORDERED, PARAGRAPHS, xml_text};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The largest part read from a template: no real one comes close, and it
/// keeps a hostile archive from filling the memory.
const TEMPLATE_PART_LIMIT: u64 = 16 * 1024 * 1024;

/// What an organisation's Word template gives its papers: its styles,
/// theme, header and footer (with the pictures they show).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Template {
    styles: Option<String>,
    theme: Option<Vec<u8>>,
    header: Option<Part>,
    footer: Option<Part>,
    media: Vec<(String, Vec<u8>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    xml: Vec<u8>,
    rels: Option<Vec<u8>>,
}

impl Template {
    /// Read a template from the bytes of a .docx (or .dotx).
    pub(crate) fn read(bytes: &[u8]) -> Result<Template, String> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("it is not a Word document (a zip archive): {e}"))?;
        let styles = read_part(&mut archive, "word/styles.xml")?
            .map(|b| String::from_utf8(b).map_err(|_| "its styles are not UTF-8".to_owned()))
            .transpose()?;
        if styles.is_none() {
            return Err("it has no styles (`word/styles.xml`)".to_owned());
        }
        let rels = read_part(&mut archive, "word/_rels/document.xml.rels")?
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let mut part = |kind: &str| -> Result<Option<Part>, String> {
            let Some(target) = relationship_target(&rels, kind) else {
                return Ok(None);
            };
            let Some(xml) = read_part(&mut archive, &format!("word/{target}"))? else {
                return Ok(None);
            };
            let rels = read_part(&mut archive, &format!("word/_rels/{target}.rels"))?;
            Ok(Some(Part { xml, rels }))
        };
        let header = part("/header")?;
        let footer = part("/footer")?;
        let theme = match relationship_target(&rels, "/theme") {
            Some(target) => read_part(&mut archive, &format!("word/{target}"))?,
            None => None,
        };
        let names: Vec<String> = archive
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("word/media/") && !n.contains(".."))
            .map(|n| n.into_owned())
            .collect();
        let mut media = Vec::new();
        for name in names {
            if let Some(bytes) = read_part(&mut archive, &name)? {
                media.push((name, bytes));
            }
        }
        media.sort();
        Ok(Template {
            styles,
            theme,
            header,
            footer,
            media,
        })
    }
}

/// One part of a template, if it has it; refused past the size limit.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    file.take(TEMPLATE_PART_LIMIT + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("its part `{name}` could not be read: {e}"))?;
    if out.len() as u64 > TEMPLATE_PART_LIMIT {
        return Err(format!("its part `{name}` is larger than 16 MB"));
    }
    Ok(Some(out))
}

/// The target of the first relationship whose type ends with `kind`
/// ("/header"), in a part's relationships.
fn relationship_target(rels: &str, kind: &str) -> Option<String> {
    rels.split("<Relationship ").skip(1).find_map(|r| {
        let attribute = |name: &str| {
            let start = r.find(&format!("{name}=\""))? + name.len() + 2;
            let end = r[start..].find('"')? + start;
            Some(r[start..end].to_owned())
        };
        let target = attribute("Target")?;
        let safe = !target.contains("..") && !target.starts_with('/') && !target.contains(':');
        (attribute("Type")?.ends_with(kind) && safe).then_some(target)
    })
}

/// The whole package, zipped.
pub(super) fn write(
    document: &Document,
    body: &str,
    numbering: &Numbering,
    template: Option<&Template>,
) -> Result<Vec<u8>, String> {
    let header = template.and_then(|t| t.header.clone());
    let footer = template.and_then(|t| t.footer.clone());
    let theme = template.and_then(|t| t.theme.clone());
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".to_owned(),
            content_types(theme.is_some()).into_bytes(),
        ),
        ("_rels/.rels".to_owned(), package_rels().into_bytes()),
        ("docProps/core.xml".to_owned(), core(document).into_bytes()),
        ("docProps/app.xml".to_owned(), app().into_bytes()),
        (
            "word/document.xml".to_owned(),
            document_xml(body).into_bytes(),
        ),
        (
            "word/_rels/document.xml.rels".to_owned(),
            document_rels(theme.is_some()).into_bytes(),
        ),
        (
            "word/styles.xml".to_owned(),
            styles(template.and_then(|t| t.styles.as_deref())).into_bytes(),
        ),
        (
            "word/numbering.xml".to_owned(),
            numbering_xml(numbering).into_bytes(),
        ),
        ("word/settings.xml".to_owned(), settings().into_bytes()),
    ];
    match header {
        Some(part) => add_part(&mut parts, "header1.xml", part),
        None => parts.push((
            "word/header1.xml".to_owned(),
            header_xml(document).into_bytes(),
        )),
    }
    match footer {
        Some(part) => add_part(&mut parts, "footer1.xml", part),
        None => parts.push((
            "word/footer1.xml".to_owned(),
            footer_xml(document).into_bytes(),
        )),
    }
    if let Some(theme) = theme {
        parts.push(("word/theme/theme1.xml".to_owned(), theme));
    }
    if let Some(t) = template {
        parts.extend(t.media.iter().cloned());
    }
    zip_parts(&parts)
}

fn add_part(parts: &mut Vec<(String, Vec<u8>)>, name: &str, part: Part) {
    parts.push((format!("word/{name}"), part.xml));
    if let Some(rels) = part.rels {
        parts.push((format!("word/_rels/{name}.rels"), rels));
    }
}

/// The parts in a zip, deflated, with a fixed date so that the same paper
/// always gives the same bytes.
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options)
            .and_then(|()| zip.write_all(bytes).map_err(Into::into))
            .map_err(|e| format!("the Word document could not be made: {e}"))?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| format!("the Word document could not be made: {e}"))
}

fn content_types(theme: bool) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    );
    out.push_str("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    for (ext, kind) in [
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("gif", "image/gif"),
        ("emf", "image/x-emf"),
        ("wmf", "image/x-wmf"),
        ("svg", "image/svg+xml"),
    ] {
        let _ = write!(out, "<Default Extension=\"{ext}\" ContentType=\"{kind}\"/>");
    }
    let mut overrides = vec![
        ("/word/document.xml", format!("{main}.document.main+xml")),
        ("/word/styles.xml", format!("{main}.styles+xml")),
        ("/word/numbering.xml", format!("{main}.numbering+xml")),
        ("/word/settings.xml", format!("{main}.settings+xml")),
        ("/word/header1.xml", format!("{main}.header+xml")),
        ("/word/footer1.xml", format!("{main}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
    ];
    if theme {
        overrides.push((
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_owned(),
        ));
    }
    for (part, kind) in overrides {
        let _ = write!(
            out,
            "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"
        );
    }
    out.push_str("</Types>");
    out
}

fn package_rels() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{OFFICE_RELS}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{OFFICE_RELS}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    )
}

fn document_rels(theme: bool) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{RELS}\">"
    );
    for (id, kind, target) in [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdHeader", "header", "header1.xml"),
        ("rIdFooter", "footer", "footer1.xml"),
    ] {
        let _ = write!(
            out,
            "<Relationship Id=\"{id}\" Type=\"{OFFICE_RELS}/{kind}\" Target=\"{target}\"/>"
        );
    }
    if theme {
        let _ = write!(
            out,
            "<Relationship Id=\"rIdTheme\" Type=\"{OFFICE_RELS}/theme\" Target=\"theme/theme1.xml\"/>"
        );
    }
    out.push_str("</Relationships>");
    out
}

/// The title, the language, and what the author did not write: the as-at
/// note (as the description) and the program.
fn core(document: &Document) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:description>{}</dc:description><dc:language>en-GB</dc:language></cp:coreProperties>",
        xml_text(&document.title),
        xml_text(&document.running_header()),
        xml_text(&document.footer.as_at_note())
    )
}

fn app() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>actionplan</Application></Properties>".to_owned()
}

fn settings() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"{W}\"><w:defaultTabStop w:val=\"567\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:themeFontLang w:val=\"en-GB\"/></w:settings>"
    )
}

/// The body, on A4 pages with the header and footer.
fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"1418\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

/// The running header: the report number, the committee and the date.
fn header_xml(document: &Document) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:hdr>",
        xml_text(&document.running_header())
    )
}

/// "Page N of M", and the as-at note.
fn footer_xml(document: &Document) -> String {
    let field = |name: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {name} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:ftr>",
        field("PAGE"),
        field("NUMPAGES"),
        xml_text(&document.footer.as_at_note())
    )
}

/// The styles: the template's, with any of ours it lacks added; else ours.
fn styles(template: Option<&str>) -> String {
    let ours = our_styles();
    match template {
        Some(theirs) if theirs.contains("</w:styles>") => {
            let missing: String = ours
                .iter()
                .filter(|(id, _)| !theirs.contains(&format!("w:styleId=\"{id}\"")))
                .map(|(_, xml)| xml.as_str())
                .collect();
            theirs.replacen("</w:styles>", &format!("{missing}</w:styles>"), 1)
        }
        _ => {
            let all: String = ours.iter().map(|(_, xml)| xml.as_str()).collect();
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>{all}</w:styles>"
            )
        }
    }
}

/// Our styles by id: Word's own names for the built-in ones, so that Word
/// and screen readers know the headings as headings.
fn our_styles() -> Vec<(String, String)> {
    let paragraph = |id: &str, name: &str, extra: &str| {
        (
            id.to_owned(),
            format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>{extra}</w:style>"
            ),
        )
    };
    let mut out = vec![(
        "Normal".to_owned(),
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>".to_owned(),
    )];
    out.push(paragraph(
        "Title",
        "Title",
        "<w:pPr><w:spacing w:after=\"240\"/><w:outlineLvl w:val=\"9\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr>",
    ));
    for (level, size) in [(1, 28), (2, 26), (3, 24), (4, 24), (5, 24), (6, 24)] {
        let italic = if level >= 4 { "<w:i/>" } else { "" };
        out.push(paragraph(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            &format!(
                "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/>{italic}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>",
                level - 1
            ),
        ));
    }
    out.push(paragraph(
        "NumberedParagraph",
        "Numbered Paragraph",
        "<w:pPr><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr>",
    ));
    out.push(paragraph(
        "ListParagraph",
        "List Paragraph",
        "<w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr>",
    ));
    out.push(paragraph(
        "Quote",
        "Quote",
        "<w:pPr><w:ind w:left=\"567\" w:right=\"567\"/></w:pPr><w:rPr><w:i/></w:rPr>",
    ));
    out.push(paragraph("PaperDetails", "Paper Details", ""));
    out.push(paragraph(
        "Notice",
        "Notice",
        "<w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"12\" w:space=\"8\" w:color=\"808080\"/></w:pBdr><w:ind w:left=\"284\"/></w:pPr><w:rPr><w:i/></w:rPr>",
    ));
    out.push(paragraph(
        "TableText",
        "Table Text",
        "<w:pPr><w:spacing w:after=\"0\"/></w:pPr>",
    ));
    for id in ["Header", "Footer"] {
        out.push((
            id.to_owned(),
            format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{}\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>",
                id.to_lowercase()
            ),
        ));
    }
    out.push((
        "TableGrid".to_owned(),
        "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>".to_owned(),
    ));
    out
}

/// Bullets, ordered lists and numbered paragraphs, and one instance of
/// them for each list or section, starting at its own first number.
fn numbering_xml(numbering: &Numbering) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"{W}\">"
    );
    let bullets = ["•", "◦", "▪"];
    let _ = write!(
        out,
        "<w:abstractNum w:abstractNumId=\"{BULLETS}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
    );
    for level in 0..9 {
        let _ = write!(
            out,
            "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
            bullets[level % 3],
            720 + 360 * level
        );
    }
    out.push_str("</w:abstractNum>");
    let _ = write!(
        out,
        "<w:abstractNum w:abstractNumId=\"{ORDERED}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
    );
    for level in 0..9 {
        let format = ["decimal", "lowerLetter", "lowerRoman"][level % 3];
        let _ = write!(
            out,
            "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"%{}.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
            level + 1,
            720 + 360 * level
        );
    }
    out.push_str("</w:abstractNum>");
    let _ = write!(
        out,
        "<w:abstractNum w:abstractNumId=\"{PARAGRAPHS}\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr></w:lvl></w:abstractNum>"
    );
    for (i, (abstract_id, start)) in numbering.instances.iter().enumerate() {
        let _ = write!(
            out,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{abstract_id}\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            i + 1
        );
    }
    out.push_str("</w:numbering>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_templates_styles_are_kept_and_ours_added_where_it_has_none() {
        let theirs = "<w:styles><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:rPr><w:color w:val=\"FF0000\"/></w:rPr></w:style></w:styles>";
        let merged = styles(Some(theirs));
        assert!(merged.contains("FF0000"), "{merged}");
        assert_eq!(merged.matches("w:styleId=\"Heading1\"").count(), 1);
        assert!(merged.contains("w:styleId=\"NumberedParagraph\""));
    }

    #[test]
    fn relationship_targets_outside_the_package_are_refused() {
        let rels = "<Relationships><Relationship Id=\"a\" Type=\"x/header\" Target=\"../evil.xml\"/><Relationship Id=\"b\" Type=\"x/header\" Target=\"header3.xml\"/></Relationships>";
        assert_eq!(
            relationship_target(rels, "/header").as_deref(),
            Some("header3.xml")
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_refused_with_a_reason() {
        let error = Template::read(b"not a zip").expect_err("refused");
        assert!(error.starts_with("it is not a Word document"), "{error}");
    }
}
