# Test server images: probe (confinement, faults on purpose), nodev (its
# device does not exist), vprobe (a virtio-mmio block slot). Used by
# tests/system/test_grants.py and test_shell.py.

$(eval $(call server_image,probe,$(BUILD)/srv/obj/servers/probe/main.o,libipc))
$(eval $(call initrd_server,probe))
$(eval $(call server_image,nodev,$(BUILD)/srv/obj/servers/probe/nodev.o,libipc))
$(eval $(call initrd_server,nodev))
$(eval $(call server_image,vprobe,$(BUILD)/srv/obj/servers/probe/vprobe.o,libipc))
$(eval $(call initrd_server,vprobe))
