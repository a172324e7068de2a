use clearway_sdk::*;
pub struct Doj;
pub struct P;
impl Adapter for Doj { type Parser = P; fn info() -> AdapterInfo { AdapterInfo { name: "x".into(), version: "0".into(), formats: vec![], interface_version: INTERFACE_VERSION.into(), subjects_contiguous: true } } fn open(_o: &str) -> Result<P, String> { Ok(P) } }
impl Parser for P { fn feed(&mut self, _c: &[u8]) -> Result<Batch, String> { Ok(Batch { subjects: vec![], diagnostics: vec![], rows_read: 0 }) } fn finish(&mut self) -> Result<Batch, String> { self.feed(&[]) } }
export_adapter!(Doj);
