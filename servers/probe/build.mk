# probe: confinement and fault-on-purpose test server; nodev: an image whose
# device does not exist (both for tests/system/test_grants.py).

$(eval $(call server_image,probe,$(BUILD)/srv/obj/servers/probe/main.o,libipc))
$(eval $(call initrd_server,probe))
$(eval $(call server_image,nodev,$(BUILD)/srv/obj/servers/probe/nodev.o,libipc))
$(eval $(call initrd_server,nodev))
