from wardtui.cli import main

main()
