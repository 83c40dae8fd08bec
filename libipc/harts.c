/* Which harts run the scheduler: the kernel places an unstarted thread
 * only on those (thread_set_hart), so one probe thread finds them. And the
 * ISA extensions all of them have, which the kernel keeps. */
#include <mica/abi/errno.h>
#include <mica/cap.h>
#include <mica/runtime.h>

#define HART_ID_LIMIT 64u /* hart masks are 64 bits wide */

unsigned ipc_harts(unsigned *list, unsigned max)
{
    long here = mica_sys_system_info(0, MICA_INFO_HART), probe = ipc_obj_create(MICA_CAP_THREAD, 0);
    unsigned n = 0;
    if (here < 0 || probe < 0 || max == 0) {
        if (probe >= 0)
            ipc_cap_drop(probe);
        return 0;
    }
    list[n++] = (unsigned)here;
    for (unsigned h = 0; h < HART_ID_LIMIT && n < max; h++)
        if ((long)h != here && mica_sys_thread_set_hart(probe, h) == 0)
            list[n++] = h;
    ipc_cap_drop(probe);
    return n;
}

uint64_t ipc_isa_extensions(void)
{
    long r = mica_sys_system_info(0, MICA_INFO_ISA_EXTENSIONS);
    return r > 0 ? (uint64_t)r : 0;
}
