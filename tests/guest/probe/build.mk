# Test server images: probe (confinement, faults on purpose), nodev (its
# device does not exist), vprobe (a virtio-mmio block slot), squat (names
# its manifest does not declare). Used by tests/system/test_grants.py,
# test_shell.py and test_name_squatting.py.

$(eval $(call server_image,probe,$(BUILD)/srv/obj/tests/guest/probe/main.o,libipc))
$(eval $(call initrd_server,probe))
$(eval $(call server_image,nodev,$(BUILD)/srv/obj/tests/guest/probe/nodev.o,libipc))
$(eval $(call initrd_server,nodev))
$(eval $(call server_image,vprobe,$(BUILD)/srv/obj/tests/guest/probe/vprobe.o,libipc))
$(eval $(call initrd_server,vprobe))
$(eval $(call server_image,squat,$(BUILD)/srv/obj/tests/guest/probe/squat.o $(BUILD)/lib/target/obj/errno.o,libipc))
$(eval $(call initrd_server,squat))
