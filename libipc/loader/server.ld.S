/* The loader's layout rule (loader/layout.c) told to ld, so that linkcheck can
 * compare ld's bytes with the loader's: from MICA_LINK_BASE, text, then
 * rodata and data each on a new page; the GOT first in data; input sections
 * in section-table order inside each region. Preprocessed with the loader's
 * header for the page size; the base comes from --defsym. */

SECTIONS
{
  /* ld's .got.plt header (the PLT resolver's slots) has no counterpart in a
   * static image; it is parked at 0, outside what linkcheck compares. */
  .got.plt 0 : { *(.got.plt) }

  . = MICA_LINK_BASE;
  .text : { INPUT_SECTION_FLAGS (SHF_ALLOC & SHF_EXECINSTR) *(*) }
  . = ALIGN(LOADER_PAGE_SIZE);
  .rodata : { INPUT_SECTION_FLAGS (SHF_ALLOC & !SHF_WRITE & !SHF_EXECINSTR) *(*) }
  . = ALIGN(LOADER_PAGE_SIZE);
  .data : { *(.got) INPUT_SECTION_FLAGS (SHF_ALLOC & SHF_WRITE) *(*) }
}
