/* Imports a function no runtime exports: mkversions must fail the build. */

void no_such_function(void);
void unknown_import_entry(void);

void unknown_import_entry(void)
{
    no_such_function();
}
