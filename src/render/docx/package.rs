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

/// The most a template may hold, as a file and all the parts read from it
/// unpacked together: a real one, crest and all, takes well under 1 MB, and
/// the bound keeps a hostile archive (a zip bomb) from filling the memory
/// or every paper made with it.
pub(crate) const TEMPLATE_LIMIT: u64 = 16 * 1024 * 1024;
/// The most parts a template's archive may list: a real one has 10 to 30.
const TEMPLATE_PARTS: usize = 1000;

/// What an organisation's Word template gives its papers: its styles,
/// theme, header and footer (with the pictures they show).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Template {
    styles: Option<String>,
    theme: Option<Vec<u8>>,
    header: Option<Part>,
    footer: Option<Part>,
    /// The pictures the header and footer show, and no others.
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
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("it is not a Word document (a zip archive): {e}"))?;
        if archive.len() > TEMPLATE_PARTS {
            return Err(format!(
                "it has {} parts, more than a Word template has (at most {TEMPLATE_PARTS})",
                archive.len()
            ));
        }
        let mut parts = Parts {
            archive,
            left: TEMPLATE_LIMIT,
        };
        let styles = parts
            .read("word/styles.xml")?
            .map(|b| String::from_utf8(b).map_err(|_| "its styles are not UTF-8".to_owned()))
            .transpose()?;
        if styles.is_none() {
            return Err("it has no styles (`word/styles.xml`)".to_owned());
        }
        let rels = text(parts.read("word/_rels/document.xml.rels")?);
        let body = text(parts.read("word/document.xml")?);
        let mut media_names = Vec::new();
        let mut part = |kind: &str| -> Result<Option<Part>, String> {
            let Some(target) = body_reference(&body, &rels, kind) else {
                return Ok(None);
            };
            let Some(xml) = parts.read(&format!("word/{target}"))? else {
                return Ok(None);
            };
            let rels = parts.read(&format!("word/_rels/{target}.rels"))?;
            media_names.extend(media_targets(&text(rels.clone())));
            Ok(Some(Part { xml, rels }))
        };
        let header = part("header")?;
        let footer = part("footer")?;
        let theme = match relationship_target(&rels, "/theme") {
            Some(target) => parts.read(&format!("word/{target}"))?,
            None => None,
        };
        media_names.sort();
        media_names.dedup();
        let mut media = Vec::new();
        for name in media_names {
            if let Some(bytes) = parts.read(&name)? {
                media.push((name, bytes));
            }
        }
        Ok(Template {
            styles,
            theme,
            header,
            footer,
            media,
        })
    }
}

/// A template's archive, and how many more bytes may be read from it.
struct Parts<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    left: u64,
}

impl Parts<'_> {
    /// One part, if the template has it; refused once the parts read come
    /// to more than the limit.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Ok(file) = self.archive.by_name(name) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        file.take(self.left.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| format!("its part `{name}` could not be read: {e}"))?;
        let read = out.len() as u64;
        if read > self.left {
            return Err(format!(
                "its parts unpacked come to more than {} MB (at `{name}`), more than a Word template needs",
                TEMPLATE_LIMIT / (1024 * 1024)
            ));
        }
        self.left -= read;
        Ok(Some(out))
    }
}

fn text(bytes: Option<Vec<u8>>) -> String {
    bytes
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// The part the body's last section shows as its `default` header or
/// footer (`kind`), as Word does; when the body names none, the first
/// header or footer the relationships list.
fn body_reference(body: &str, rels: &str, kind: &str) -> Option<String> {
    let reference = body
        .split(&format!("<w:{kind}Reference "))
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.split('>').next()?;
            (attribute(tag, "w:type").as_deref() == Some("default"))
                .then(|| attribute(tag, "r:id"))?
        })
        .last();
    match reference {
        Some(id) => relationships(rels).find_map(|r| {
            (attribute(r, "Id").as_deref() == Some(id.as_str()))
                .then(|| safe_target(r))
                .flatten()
        }),
        None => relationship_target(rels, &format!("/{kind}")),
    }
}

/// The pictures a header's or footer's relationships point to, as parts
/// of the package ("word/media/image1.png").
fn media_targets(rels: &str) -> Vec<String> {
    relationships(rels)
        .filter_map(safe_target)
        .filter(|t| t.starts_with("media/"))
        .map(|t| format!("word/{t}"))
        .collect()
}

fn relationships(rels: &str) -> impl Iterator<Item = &str> {
    rels.split("<Relationship ")
        .skip(1)
        .filter_map(|r| r.split('>').next())
}

/// The value of attribute `name` in the text of one XML tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    // The space before the name keeps `Id` from matching `r:id`.
    let tag = format!(" {tag}");
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

/// A relationship's target, when it is a part inside the package.
fn safe_target(relationship: &str) -> Option<String> {
    let target = attribute(relationship, "Target")?;
    let safe = !target.contains("..") && !target.starts_with('/') && !target.contains(':');
    safe.then_some(target)
}

/// The target of the first relationship whose type ends with `kind`
/// ("/header"), in a part's relationships.
fn relationship_target(rels: &str, kind: &str) -> Option<String> {
    relationships(rels).find_map(|r| {
        attribute(r, "Type")?
            .ends_with(kind)
            .then(|| safe_target(r))
            .flatten()
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

    /// A template's archive of `parts`, each deflated.
    fn archive(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        for (name, bytes) in parts {
            zip.start_file(*name, options).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    const STYLES: &str = "<w:styles></w:styles>";

    fn header_rels(targets: &[&str]) -> Vec<u8> {
        let rels: String = targets
            .iter()
            .enumerate()
            .map(|(i, t)| format!("<Relationship Id=\"rId{i}\" Type=\"x/image\" Target=\"{t}\"/>"))
            .collect();
        format!("<Relationships>{rels}</Relationships>").into_bytes()
    }

    #[test]
    fn only_the_pictures_the_header_and_footer_show_are_taken() {
        let mut parts = vec![
            ("word/styles.xml", STYLES.as_bytes().to_vec()),
            (
                "word/_rels/document.xml.rels",
                b"<Relationships><Relationship Id=\"h\" Type=\"x/header\" Target=\"header1.xml\"/></Relationships>".to_vec(),
            ),
            ("word/header1.xml", b"<w:hdr/>".to_vec()),
            ("word/_rels/header1.xml.rels", header_rels(&["media/crest.png"])),
            ("word/media/crest.png", b"crest".to_vec()),
        ];
        let unused: Vec<String> = (0..24)
            .map(|i| format!("word/media/unused{i}.png"))
            .collect();
        for name in &unused {
            parts.push((name.as_str(), vec![0; 1024 * 1024]));
        }
        let template = Template::read(&archive(&parts)).expect("a template");
        assert_eq!(
            template.media,
            vec![("word/media/crest.png".to_owned(), b"crest".to_vec())]
        );
    }

    #[test]
    fn a_template_unpacking_past_the_limit_or_with_too_many_parts_is_refused() {
        // Two pictures of zeros, each under the limit but not together,
        // deflate to a few kilobytes.
        let half = vec![0; usize::try_from(TEMPLATE_LIMIT / 2).expect("fits") + 1];
        let bomb = archive(&[
            ("word/styles.xml", STYLES.as_bytes().to_vec()),
            (
                "word/_rels/document.xml.rels",
                b"<Relationships><Relationship Id=\"f\" Type=\"x/footer\" Target=\"footer1.xml\"/></Relationships>".to_vec(),
            ),
            ("word/footer1.xml", b"<w:ftr/>".to_vec()),
            (
                "word/_rels/footer1.xml.rels",
                header_rels(&["media/a.png", "media/b.png"]),
            ),
            ("word/media/a.png", half.clone()),
            ("word/media/b.png", half),
        ]);
        assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
        let error = Template::read(&bomb).expect_err("refused");
        assert!(
            error.contains("more than 16 MB (at `word/media/b.png`)"),
            "{error}"
        );
        let names: Vec<String> = (0..=TEMPLATE_PARTS)
            .map(|i| format!("word/p{i}.xml"))
            .collect();
        let many: Vec<(&str, Vec<u8>)> = names.iter().map(|n| (n.as_str(), Vec::new())).collect();
        let error = Template::read(&archive(&many)).expect_err("refused");
        assert!(error.contains("1001 parts"), "{error}");
    }

    #[test]
    fn the_header_is_the_one_the_bodys_section_shows_by_default() {
        let rels = "<Relationships><Relationship Id=\"rId1\" Type=\"x/header\" Target=\"header1.xml\"/><Relationship Id=\"rId2\" Type=\"x/header\" Target=\"header2.xml\"/></Relationships>";
        let body = "<w:body><w:sectPr><w:headerReference w:type=\"first\" r:id=\"rId1\"/><w:headerReference r:id=\"rId2\" w:type=\"default\"/></w:sectPr></w:body>";
        assert_eq!(
            body_reference(body, rels, "header").as_deref(),
            Some("header2.xml")
        );
        assert_eq!(
            body_reference("", rels, "header").as_deref(),
            Some("header1.xml")
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_refused_with_a_reason() {
        let error = Template::read(b"not a zip").expect_err("refused");
        assert!(error.starts_with("it is not a Word document"), "{error}");
    }
}
