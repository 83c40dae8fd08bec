/* Links the runtime image (libipc): a static ELF at MICA_RUNTIME_BASE whose
 * text, read-only data and export table form one read+execute segment shared
 * by every server, and whose writable data starts on the next page (each
 * server gets its own copy). .mica.exports stays a section of its own so the
 * loader finds it by name. */

PHDRS
{
  text PT_LOAD FLAGS (5); /* R + X */
  data PT_LOAD FLAGS (6); /* R + W */
}

SECTIONS
{
  . = MICA_RUNTIME_BASE;
  .text : { INPUT_SECTION_FLAGS (SHF_ALLOC & SHF_EXECINSTR) *(*) } :text
  .mica.exports : { KEEP (*(.mica.exports)) } :text
  .rodata : { INPUT_SECTION_FLAGS (SHF_ALLOC & !SHF_WRITE & !SHF_EXECINSTR) *(*) } :text
  . = ALIGN(LOADER_PAGE_SIZE);
  .data : { INPUT_SECTION_FLAGS (SHF_ALLOC & SHF_WRITE) *(*) } :data
}
