# hello: a trivial server image linked at load time against the runtime.

$(eval $(call server_image,hello,$(BUILD)/srv/obj/servers/hello/main.o,libipc))
$(eval $(call initrd_server,hello))
