from wardtui.launch import main

main()
